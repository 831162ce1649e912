// Filesystem calls for paths that may legitimately be missing: each answers "nothing there" for the
// expected errno codes and rethrows every other failure (never a swallowed error).
import { lstatSync, type Stats } from 'node:fs'
import { lstat, readdir, readFile, rename, stat } from 'node:fs/promises'
import { errnoCode } from '@skillship/core/errors'

/** `stat` (following links), or undefined when nothing is there (or a parent is not a folder). */
export async function statIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path)
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
}

/** `lstat` (not following a final symlink), or undefined when nothing is at `path`. */
export async function lstatIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
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

/** The UTF-8 text of the file at `path`, or undefined when there is no such file. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/** True when something exists at `path` (links followed); other failures than ENOENT throw. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}

const missing: ReadonlySet<string> = new Set(['ENOENT'])

/**
 * The names in `dir`, or none when it does not exist. `absent` lists the errno codes that count
 * as "not there" (default: ENOENT only); any other failure is thrown.
 */
export async function readDirIfExists(
  dir: string,
  absent: ReadonlySet<string> = missing,
): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if (absent.has(errnoCode(error) ?? '')) return []
    throw error
  }
}

/**
 * Renames `from` to `to`; false when `from` vanished first (another process moved or removed
 * it), which callers racing for the same folder treat as "nothing left to do".
 */
export async function renameIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to)
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}
