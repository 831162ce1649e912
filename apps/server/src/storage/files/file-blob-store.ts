import { randomUUID } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { writeFileAtomic } from '@skillship/core/node'
import type { BlobStore } from '../blob-store.js'
import { parseSha512Integrity } from '../parse-sha512-integrity.js'

/** Options of {@link createFileBlobStore}. */
export interface FileBlobStoreOptions {
  /** The folder holding the blobs; created on first write. */
  readonly root: string
  /**
   * Whether a version row references the blob; `collectUnreferenced` deletes nothing without it
   * (the metadata lives elsewhere, in SQLite).
   */
  readonly isReferenced?: (integrity: string) => Promise<boolean>
}

/**
 * Blobs as files at `<root>/sha512/<first 2 hex>/<128 hex>`, the hex digest decoded from the SRI
 * key. Keys are parsed strictly (plain Error otherwise), so no key can name a path outside `root`.
 * Writes go to a unique temp file in the target folder, are flushed, then renamed into place:
 * readers never see a partial blob, and concurrent writers of one key each rename identical bytes.
 * A blob's age is its file's mtime: `put` of a present key sets it to now.
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
      if (await touch(file)) return
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
        if (errnoCode(error) === 'ENOENT') return undefined
        throw error
      }
    },
    has: async (integrity) => exists(pathOf(integrity).file),
    async collectUnreferenced(before) {
      const { isReferenced } = options
      if (isReferenced === undefined) return 0
      await recoverTrash(options.root, isReferenced)
      let collected = 0
      for (const { integrity, file } of await listBlobs(options.root)) {
        if (!(await isOlder(file, before)) || (await isReferenced(integrity))) continue
        if (await discard(options.root, file, before)) collected += 1
      }
      return collected
    },
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

/** Sets the mtime of `file` to now; false when it does not exist. */
async function touch(file: string): Promise<boolean> {
  try {
    const now = new Date()
    await utimes(file, now, now)
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}

const hexName = /^[0-9a-f]{128}$/

/** Every blob file under `root`, with its key; names that are not digests are left alone. */
async function listBlobs(root: string): Promise<{ integrity: string; file: string }[]> {
  const base = join(root, 'sha512')
  const folders = await readdirIfPresent(base)
  const blobs: { integrity: string; file: string }[] = []
  for (const folder of folders.filter((name) => /^[0-9a-f]{2}$/.test(name))) {
    for (const name of await readdirIfPresent(join(base, folder))) {
      if (!hexName.test(name) || !name.startsWith(folder)) continue
      const integrity = `sha512-${Buffer.from(name, 'hex').toString('base64')}`
      blobs.push({ integrity, file: join(base, folder, name) })
    }
  }
  return blobs
}

async function readdirIfPresent(folder: string): Promise<string[]> {
  try {
    return await readdir(folder)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return []
    throw error
  }
}

async function isOlder(file: string, before: Date): Promise<boolean> {
  try {
    return (await stat(file)).mtimeMs < before.getTime()
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}

/**
 * Moves `file` into `<root>/trash`, then re-checks its mtime there: a `put` that refreshed it
 * after the caller's checks gets it renamed back; a `put` that comes after the move finds no file
 * and writes a new one. Residual window, documented in ARCHITECTURE.md: between the move and the
 * move back, a read of that blob misses; a crash there leaves the blob parked until
 * `recoverTrash` runs at the start of the next collection.
 */
async function discard(root: string, file: string, before: Date): Promise<boolean> {
  const trash = join(root, 'trash')
  await mkdir(trash, { recursive: true })
  const parked = join(trash, `${basename(file)}.${randomUUID()}`)
  try {
    await rename(file, parked)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
  if (await isOlder(parked, before)) {
    await rm(parked, { force: true })
    return true
  }
  await rename(parked, file)
  return false
}

/**
 * What a crash left in `<root>/trash`: a parked blob that a version references (its put refreshed
 * it just before the crash, then its publish finished) goes back in place; the rest is deleted.
 * Collections run one at a time in the one process that owns the folder, so nothing is in flight.
 */
async function recoverTrash(
  root: string,
  isReferenced: (integrity: string) => Promise<boolean>,
): Promise<void> {
  const trash = join(root, 'trash')
  for (const name of await readdirIfPresent(trash)) {
    const hex = name.slice(0, 128)
    const parked = join(trash, name)
    const file = join(root, 'sha512', hex.slice(0, 2), hex)
    const integrity = `sha512-${Buffer.from(hex, 'hex').toString('base64')}`
    if (hexName.test(hex) && !(await exists(file)) && (await isReferenced(integrity))) {
      await mkdir(join(root, 'sha512', hex.slice(0, 2)), { recursive: true })
      await rename(parked, file)
    } else {
      await rm(parked, { force: true })
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file)
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}
