import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { isProcessAlive } from '../project/project.js'
import { lstatIfExists } from '../shared/helpers.js'

/** How to tell an abandoned entry of a temporary folder from one a running process still uses. */
export interface LeftoverRule {
  /** The owning process id encoded in the name, if the name carries one this rule trusts. */
  pidOf(name: string): number | undefined
  /** Whether the name is one of the entries the folder's writer makes at all. */
  matches(name: string): boolean
  /** Entries older than this are abandoned whatever their pid says (pids get reused). */
  readonly staleAfterMs: number
}

/**
 * The paths of the entries of `dir` matched by `rule` that a killed process left: their process is
 * gone, or they are older than the rule's limit. The same judgement the installer's own sweeps
 * make, without removing anything. A missing folder has none.
 */
export async function leftoverEntries(
  dir: string,
  rule: LeftoverRule,
  now: number,
): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return []
    throw error
  }
  const leftovers: string[] = []
  for (const name of names.sort()) {
    if (!rule.matches(name)) continue
    const pid = rule.pidOf(name)
    const path = join(dir, name)
    if (pid !== undefined && !isProcessAlive(pid)) {
      leftovers.push(path)
      continue
    }
    const stats = await lstatIfExists(path)
    if (stats !== undefined && now - stats.mtimeMs > rule.staleAfterMs) leftovers.push(path)
  }
  return leftovers
}
