import { readTextIfExists } from '../fs/if-exists.js'
import { parseLockfile, type ReadLockfile } from './parse-lockfile.js'

/**
 * Reads skillship.lock at `path`: undefined when there is no such file; otherwise the current
 * version, with `migratedFrom` set when an older version was migrated (the caller rewrites it with
 * writeLockfile). Throws INSTALL_LOCKFILE_INVALID (invalid JSON or shape, naming the field) or
 * INSTALL_LOCKFILE_TOO_NEW (written by a newer skillship); never discards content silently.
 */
export async function readLockfile(path: string): Promise<ReadLockfile | undefined> {
  const text = await readTextIfExists(path)
  return text === undefined ? undefined : parseLockfile(text, path)
}
