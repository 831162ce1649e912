import { mkdirSync } from 'node:fs'
import { errnoCode } from '@skillship/core/errors'

/**
 * Runs `attempt`, which creates something directly inside `folder`; when it fails with ENOENT (the
 * folder is missing), makes `folder` (and its parents) and runs it once more. For folders that
 * nearly always exist: they cost no mkdir probe per call. Any other failure, and a second ENOENT,
 * is rethrown.
 */
export function inFolderMadeOnDemand<T>(folder: string, attempt: () => T): T {
  try {
    return attempt()
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error
  }
  mkdirSync(folder, { recursive: true })
  return attempt()
}
