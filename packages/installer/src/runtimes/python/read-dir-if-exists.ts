import { readdir } from 'node:fs/promises'
import { errnoCode } from '../../store/errno-code.js'

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
