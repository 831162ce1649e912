/**
 * Content-addressed storage for tarballs, keyed by their SRI integrity (`sha512-...`). Writes are
 * idempotent: the same key always holds the same bytes. Implementations: files under the data
 * folder (embedded), a PostgreSQL table (scale-out). One contract suite runs against both.
 */
export interface BlobStore {
  /** Stores `bytes` under `integrity` (which the caller computed from them); no-op when present. */
  put(integrity: string, bytes: Uint8Array): Promise<void>
  /** The bytes, or undefined when absent. */
  get(integrity: string): Promise<Uint8Array | undefined>
  has(integrity: string): Promise<boolean>
  close(): Promise<void>
}
