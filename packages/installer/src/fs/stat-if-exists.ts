import type { Stats } from 'node:fs'
import { stat } from 'node:fs/promises'

/** `stat` (following links), or undefined when nothing is there (or a parent is not a folder). */
export async function statIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
}
