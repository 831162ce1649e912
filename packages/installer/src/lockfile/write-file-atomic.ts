import { randomBytes } from 'node:crypto'
import { open, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { errnoCode } from '../store/errno-code.js'

/**
 * Writes `text` to `path` so readers see the old content or the new, never a torn file: a temp
 * file in the same folder (same filesystem), flushed, then renamed over `path`. Does not touch the
 * file at all when it already holds exactly `text` (no mtime change, no diff noise); returns
 * whether it wrote. The folder must exist.
 */
export async function writeFileAtomic(path: string, text: string): Promise<boolean> {
  const bytes = Buffer.from(text, 'utf8')
  if ((await readIfExists(path))?.equals(bytes) === true) return false
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'wx', 0o644)
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  return true
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
}
