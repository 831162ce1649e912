import { realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { PasswdEntry } from './passwd-entries.js'

/** A folder that belongs to a user other than root, making what is inside it theirs. */
export interface ForeignHome {
  readonly path: string
  readonly uid: number
}

/**
 * For a write as root into `existing` (an existing folder owned by `existingUid`): the folder
 * that makes it another user's territory. That is `existing` itself when a non-root user owns
 * it, else the nearest enclosing home folder (`/home/<x>`, a passwd home, or `extraHome`, the
 * HOME skillship was given, which `sudo` may keep) that a non-root user owns. Files root writes
 * there would be root's, and their owner could not change or remove them. Undefined when no such
 * folder encloses it. Costs one realpath plus one stat per enclosing home folder (usually none
 * or one).
 */
export async function findForeignHome(
  existing: string,
  existingUid: number,
  users: readonly PasswdEntry[],
  extraHome: string,
): Promise<ForeignHome | undefined> {
  if (existingUid !== 0) return { path: existing, uid: existingUid }
  const homes = new Set(
    [...users.filter((user) => user.uid !== 0).map((user) => user.home), extraHome]
      .filter((home) => isAbsolute(home))
      .map((home) => resolve(home)),
  )
  homes.delete('/')
  for (let dir = await realpath(existing); ; dir = dirname(dir)) {
    if (homes.has(dir) || dirname(dir) === '/home') {
      // An ancestor of an existing real path: it exists.
      const { uid } = await stat(dir)
      if (uid !== 0) return { path: dir, uid }
    }
    if (dirname(dir) === dir) return undefined
  }
}
