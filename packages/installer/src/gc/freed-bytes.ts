import type { Dirent } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'

/**
 * What deleting the tree at `dir` frees: the sizes of its regular files that have no other hard
 * link (a store file hard-linked into an agent folder keeps its bytes). Symbolic links are not
 * followed. A tree that vanishes meanwhile counts what was seen.
 */
export async function freedBytes(dir: string): Promise<number> {
  let entries: Dirent[]
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 0
    throw error
  }
  let total = 0
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      total += await freedBytes(path)
    } else if (entry.isFile()) {
      total += await fileBytes(path)
    }
  }
  return total
}

async function fileBytes(path: string): Promise<number> {
  try {
    const stats = await lstat(path)
    return stats.nlink === 1 ? stats.size : 0
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 0
    throw error
  }
}
