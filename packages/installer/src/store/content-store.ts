import type { LockedFile } from '../lockfile/lockfile-schema.js'

/** A complete, verified skill in the store. */
export interface StoreEntry {
  readonly integrity: string
  /** The skill folder inside the store (holds SKILL.md); never written to after entry. */
  readonly dir: string
  /** Its files with their SHA-256 as stored (SKILL.md normalised to UTF-8), sorted by path. */
  readonly files: readonly LockedFile[]
}

/**
 * The content-addressed store (`~/.skillship/store`, or `SKILLSHIP_STORE`): one entry per tarball
 * integrity, shared by every project and agent on the machine. Implementation:
 * store/create-content-store.ts.
 */
export interface ContentStore {
  readonly root: string
  /**
   * The verified entry for `integrity`, or undefined when absent. Every file is re-hashed; an entry
   * whose files no longer match (edited, truncated, missing) is removed and undefined returned, so
   * the caller refetches. `expected` (from the lockfile) must match too when given.
   */
  get(integrity: string, expected?: readonly LockedFile[]): Promise<StoreEntry | undefined>
  /**
   * Adds a tarball: verifies it against `integrity` (INSTALL_INTEGRITY_MISMATCH), unpacks it with
   * core's safe unpack, normalises SKILL.md to UTF-8 without BOM, hashes every file, and renames
   * the finished entry into place (a crash leaves no half entry). Idempotent.
   */
  add(tarball: Uint8Array, integrity: string): Promise<StoreEntry>
}
