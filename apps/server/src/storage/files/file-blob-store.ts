import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '@skillship/core/node'
import type { BlobStore } from '../blob-store.js'
import { parseSha512Integrity } from '../parse-sha512-integrity.js'

/** Options of {@link createFileBlobStore}. */
export interface FileBlobStoreOptions {
  /** The folder holding the blobs; created on first write. */
  readonly root: string
}

/**
 * Blobs as files at `<root>/sha512/<first 2 hex>/<128 hex>`, the hex digest decoded from the SRI
 * key. Keys are parsed strictly (plain Error otherwise), so no key can name a path outside `root`.
 * Writes go to a unique temp file in the target folder, are flushed, then renamed into place:
 * readers never see a partial blob, and concurrent writers of one key each rename identical bytes.
 */
export function createFileBlobStore(options: FileBlobStoreOptions): BlobStore {
  const pathOf = (integrity: string): { folder: string; file: string } => {
    const { hex } = parseSha512Integrity(integrity)
    const folder = join(options.root, 'sha512', hex.slice(0, 2))
    return { folder, file: join(folder, hex) }
  }
  return {
    async put(integrity, bytes) {
      const { folder, file } = pathOf(integrity)
      if (await exists(file)) return
      await mkdir(folder, { recursive: true })
      await writeFileAtomic(file, bytes)
    },
    async get(integrity) {
      const { file } = pathOf(integrity)
      try {
        const bytes = await readFile(file)
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
    },
    has: async (integrity) => exists(pathOf(integrity).file),
    async close() {
      // Nothing is held open between calls.
    },
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file)
    return true
  } catch (error) {
    if (isMissing(error)) return false
    throw error
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}
