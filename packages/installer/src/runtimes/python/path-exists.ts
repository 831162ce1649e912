import { stat } from 'node:fs/promises'
import { errnoCode } from '../../store/errno-code.js'

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
