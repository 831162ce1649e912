import { constants } from 'node:fs'
import { access, realpath } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { stagingDirName } from '../link/skill-staging.js'
import { decideWritable, type WriteVerdict } from './decide-writable.js'
import { findForeignHome } from './find-foreign-home.js'
import { nearestExistingAncestor } from './nearest-existing-ancestor.js'
import type { PasswdEntry } from './passwd-entries.js'
import type { WriteAccess, WriteFacts } from './write-facts.js'
import type { WriterIdentity, WriteTarget } from './write-target.js'

/** Who writes, and the home folder skillship was given (`sudo` may keep the invoking user's). */
export interface CheckWritableOptions extends WriterIdentity {
  readonly home: string
}

/**
 * The verdicts for one target: the folder itself (or where it would be created), and for an agent
 * folder also the staging folder beside its real path (`<real parent>/.skillship-staging`), where
 * skills are built before being renamed in. A few stats and one access() per folder. The staging
 * folder adds only errors, and only when it lands in another folder than the target: a root
 * warning or a failure is reported once per target.
 */
export async function checkWritable(
  input: WriteTarget,
  options: CheckWritableOptions,
  users: readonly PasswdEntry[],
): Promise<WriteVerdict[]> {
  const target: WriteTarget = { ...input, path: resolve(input.path) }
  const folder = await gatherFacts(target, target.path, undefined, options, users)
  const verdicts = [decideWritable(folder, options, users)]
  if (target.role !== 'agent folder') return verdicts
  const real = folder.existing === target.path ? await realpath(target.path) : target.path
  const stagingPath = join(dirname(real), stagingDirName)
  const staging = await gatherFacts(target, stagingPath, target.path, options, users)
  if (staging.existing === folder.existing) return verdicts
  const verdict = decideWritable(staging, options, users)
  return verdict.status === 'error' ? [...verdicts, verdict] : verdicts
}

async function gatherFacts(
  target: WriteTarget,
  path: string,
  stagingFor: string | undefined,
  options: CheckWritableOptions,
  users: readonly PasswdEntry[],
): Promise<WriteFacts> {
  const existing = await nearestExistingAncestor(path)
  const isDirectory = existing.stats.isDirectory()
  return {
    target,
    path,
    existing: existing.path,
    isDirectory,
    ownerUid: existing.stats.uid,
    mode: existing.stats.mode & 0o7777,
    access: await writeAccess(existing.path),
    foreignHome:
      options.uid === 0 && isDirectory
        ? await findForeignHome(existing.path, existing.stats.uid, users, options.home)
        : undefined,
    ...(stagingFor === undefined ? {} : { stagingFor }),
  }
}

// Creating an entry needs write and search permission on the folder.
async function writeAccess(path: string): Promise<WriteAccess> {
  try {
    await access(path, constants.W_OK | constants.X_OK)
    return 'ok'
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'EROFS') return 'read-only'
    if (code === 'EACCES' || code === 'EPERM') return 'denied'
    throw error
  }
}
