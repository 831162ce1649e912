import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
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
        const small = readSmallFileSync(file)
        if (small !== undefined) return small
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

// Skill tarballs are mostly a few KB: read synchronously, one open/fstat/read/close costs a few
// microseconds, where four thread-pool round trips cost ~100 µs of main-thread time and queueing
// (warm-up of 10,000 skills is mostly this). Larger blobs stay asynchronous so a download of a big
// archive never blocks the event loop; undefined means "read it the asynchronous way".
const syncReadLimit = 256 * 1024

function readSmallFileSync(file: string): Uint8Array | undefined {
  const fd = openSync(file, 'r')
  try {
    const { size } = fstatSync(fd)
    if (size > syncReadLimit) return undefined
    const bytes = new Uint8Array(size)
    let offset = 0
    while (offset < size) {
      const read = readSync(fd, bytes, offset, size - offset, offset)
      if (read === 0) break
      offset += read
    }
    return offset === size ? bytes : bytes.subarray(0, offset)
  } finally {
    closeSync(fd)
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
