/**
 * Content-addressed storage for tarballs, keyed by their SRI integrity (`sha512-...`). Writes are
 * idempotent: the same key always holds the same bytes. Implementations: files under the data
 * folder (embedded), a PostgreSQL table (scale-out). One contract suite runs against both.
 */
export interface BlobStore {
  /**
   * Stores `bytes` under `integrity` (which the caller computed from them). When present, only
   * refreshes the blob's age, so that a publish re-using an old unreferenced blob is safe from
   * `collectUnreferenced` until its version row exists.
   */
  put(integrity: string, bytes: Uint8Array): Promise<void>
  /** The bytes, or undefined when absent. */
  get(integrity: string): Promise<Uint8Array | undefined>
  has(integrity: string): Promise<boolean>
  /**
   * Deletes the blobs last put before `before` that no version row references; returns how many.
   * Publishes put the blob before inserting the version row, so `before` must lie a grace period
   * (longer than any publish) in the past.
   */
  collectUnreferenced(before: Date): Promise<number>
  close(): Promise<void>
}
