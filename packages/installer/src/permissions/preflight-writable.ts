import { checkWritable } from './check-writable.js'
import { readPasswdEntries } from './passwd-entries.js'
import type { WriteTarget } from './write-target.js'

/** Who is installing: `uid` from `process.getuid()`, `home` as given to the installer. */
export interface PreflightOptions {
  readonly uid: number
  readonly allowRoot: boolean
  readonly home: string
}

/**
 * Checks, before anything is written, that every target folder (agent skills folders, the store,
 * the envs folder) can be written by this user, judging the folder or, when it does not exist
 * yet, the nearest existing parent it would be created in. Throws the first problem as
 * INSTALL_FOREIGN_OWNER, INSTALL_NOT_WRITABLE or INSTALL_ROOT_REFUSED (path, owner, mode, role
 * and the fix named), so an install fails up front instead of half-way with EACCES. Returns the
 * warnings of a run as root. A handful of syscalls per target.
 */
export async function preflightWritable(
  targets: readonly WriteTarget[],
  options: PreflightOptions,
): Promise<{ warnings: string[] }> {
  const users = await readPasswdEntries()
  // Every target is looked at concurrently (a dozen stats each, on the thread pool), then judged
  // in order, so the problem reported is the first target's.
  const verdicts = await Promise.all(targets.map((target) => checkWritable(target, options, users)))
  const warnings: string[] = []
  for (const verdict of verdicts.flat()) {
    if (verdict.status === 'error') throw verdict.error
    if (verdict.status === 'warn') warnings.push(verdict.warning)
  }
  return { warnings }
}
