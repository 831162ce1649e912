import type { LockedFile } from '../lockfile/lockfile-schema.js'

/** The on-disk identity of a stored file: a hard link with the same device and inode is that file. */
export interface StoredFileId {
  readonly dev: number
  readonly ino: number
}

/** A complete, verified skill in the store. */
export interface StoreEntry {
  readonly integrity: string
  /** The skill folder inside the store (holds SKILL.md); never written to after entry. */
  readonly dir: string
  /** Its files with their SHA-256 as stored (SKILL.md normalised to UTF-8), sorted by path. */
  readonly files: readonly LockedFile[]
  /** Device and inode of every file, by path, as the seal check found them. */
  readonly fileIds: ReadonlyMap<string, StoredFileId>
  /**
   * True when the files carry the seal's mtime (store-seal.ts); false for an old entry this user
   * may not seal.
   */
  readonly sealed: boolean
}

/**
 * The content-addressed store (`~/.skillship/store`, or `SKILLSHIP_STORE`): one entry per tarball
 * integrity, shared by every project and agent on the machine. Implementation:
 * store/create-content-store.ts.
 */
export interface ContentStore {
  readonly root: string
  /**
   * The verified entry for `integrity`, or undefined when absent. Every file was hashed when the
   * entry was made and the entry sealed (store-seal.ts); a get checks the seal with one lstat per
   * file and folder, and re-hashes an entry without one. An entry whose files no longer match
   * (edited, truncated, missing, added) is removed and undefined returned, so the caller
   * refetches. `expected` (from the lockfile) must match too when given.
   */
  get(integrity: string, expected?: readonly LockedFile[]): Promise<StoreEntry | undefined>
  /**
   * Adds a tarball: verifies it against `integrity` (INSTALL_INTEGRITY_MISMATCH), unpacks it with
   * core's safe unpack, normalises SKILL.md to UTF-8 without BOM, hashes every file, seals the
   * entry and renames it into place (a crash leaves no half entry). Idempotent.
   */
  add(tarball: Uint8Array, integrity: string): Promise<StoreEntry>
}
