import { rename } from 'node:fs/promises'
import { errnoCode } from '../../store/errno-code.js'

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
