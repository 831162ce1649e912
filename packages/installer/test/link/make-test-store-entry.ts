import { createHash } from 'node:crypto'
import { chmod, lstat, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { LockedFile } from '../../src/lockfile/lockfile-schema.js'
import type { StoreEntry } from '../../src/store/content-store.js'
import type { StoredFileId } from '../../src/store/store-seal.js'

/** A file of a test skill: its text, and its mode in the store (default 0o444, as the store keeps files). */
export interface TestFile {
  readonly content: string
  readonly mode?: number
}

/**
 * Test support: writes `files` into a fresh read-only-moded folder under `root` (a temp folder when
 * omitted) and returns it as a store entry with sizes, SHA-256 and inodes, sorted by path.
 */
export async function makeTestStoreEntry(
  files: Readonly<Record<string, string | TestFile>>,
  root?: string,
): Promise<StoreEntry> {
  const base = root ?? (await mkdtemp(join(tmpdir(), 'skillship-store-')))
  const dir = join(base, 'entry', 'skill')
  const locked: LockedFile[] = []
  const fileIds = new Map<string, StoredFileId>()
  for (const [path, spec] of Object.entries(files)) {
    const file = typeof spec === 'string' ? { content: spec } : spec
    const bytes = Buffer.from(file.content)
    const mode = file.mode ?? 0o444
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), bytes)
    await chmod(join(dir, path), mode)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    locked.push({ path, size: bytes.length, mode, sha256 })
    const { dev, ino } = await lstat(join(dir, path))
    fileIds.set(path, { dev, ino })
  }
  locked.sort((a, b) => (a.path < b.path ? -1 : 1))
  // Not sealed: these files keep the mtime of their writing.
  return { integrity: 'sha512-test', dir, files: locked, fileIds, sealed: false }
}

/** Test support: a fresh temp folder. */
export async function makeTempDir(prefix = 'skillship-link-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}
