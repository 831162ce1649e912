import { randomBytes } from 'node:crypto'
import { open, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { errnoCode } from '../../errors/skillship-error.js'

export interface WriteFileAtomicOptions {
  /** The new file's mode (default 0o644); applied at creation, so a secret is never readable. */
  readonly mode?: number
  /** Leave the file alone (no write, no mtime change) when it already holds exactly `data`. */
  readonly skipIfEqual?: boolean
}

/**
 * Writes `data` to `path` so readers see the old content or the new, never a torn file: a temp
 * file created exclusively in the same folder (same filesystem), flushed to disk, then renamed over
 * `path`; the temp file is removed on any failure. The folder must exist. Returns whether it wrote.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<boolean> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  if (options.skipIfEqual === true && (await readIfExists(path))?.equals(bytes) === true)
    return false
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o644)
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
