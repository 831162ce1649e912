import { lstatSync, type Stats } from 'node:fs'
import { lstat } from 'node:fs/promises'

/** `lstat` (not following a final symlink), or undefined when nothing is at `path`. */
export async function lstatIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/**
 * `lstatIfExists` without the thread-pool round trip, for the per-placement hot path (one
 * install inspects and places hundreds of entries; each lstat is microseconds of work).
 */
export function lstatSyncIfExists(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false })
}

/** The `code` of a Node system error (`ENOENT`, `EXDEV`, ...), or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}
