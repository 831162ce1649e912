import { lstat, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { stagingPrefix, trashPrefix } from './env-folder-names.js'

/** Builds and removals older than this were abandoned by a killed process. */
export const staleAfterMs = 24 * 60 * 60 * 1000

/**
 * Removes staging and trash folders in `envsRoot` older than `staleAfterMs` (left by killed
 * processes; no build takes that long). Returns the names removed.
 */
export async function removeStaleStaging(envsRoot: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = []
  for (const name of await readdir(envsRoot)) {
    if (!name.startsWith(stagingPrefix) && !name.startsWith(trashPrefix)) continue
    const path = join(envsRoot, name)
    let mtimeMs: number
    try {
      mtimeMs = (await lstat(path)).mtimeMs
    } catch (error) {
      // Another process finished or removed it meanwhile.
      if (errnoCode(error) === 'ENOENT') continue
      throw error
    }
    if (now - mtimeMs <= staleAfterMs) continue
    await rm(path, { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
