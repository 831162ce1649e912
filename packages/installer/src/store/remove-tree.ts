import { chmod, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'

/**
 * Deletes a store folder whose subfolders were made read-only (0555): gives every folder its write
 * bit back first, since unlinking needs write permission on the parent. A missing folder is fine.
 */
export async function removeTree(dir: string): Promise<void> {
  await makeFoldersWritable(dir)
  await rm(dir, { recursive: true, force: true })
}

async function makeFoldersWritable(dir: string): Promise<void> {
  try {
    await chmod(dir, 0o755)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return
    throw error
  }
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries) {
    if (entry.isDirectory()) await makeFoldersWritable(join(dir, entry.name))
  }
}
