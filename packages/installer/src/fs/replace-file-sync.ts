import { renameSync, rmSync, writeFileSync } from 'node:fs'

/**
 * Replaces `path` with `text` in one rename (readers see the old file or the new one), without
 * an fsync: for records a crash may lose because they are made again. The temp file is removed
 * on any failure, which is rethrown.
 */
export function replaceFileSync(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temp, text)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
