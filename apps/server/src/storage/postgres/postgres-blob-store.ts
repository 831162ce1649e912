import type { Pool } from 'pg'
import type { BlobStore } from '../blob-store.js'
import { parseSha512Integrity } from '../parse-sha512-integrity.js'
import { describePostgresTarget } from './describe-postgres-target.js'
import { guardPostgres } from './postgres-unavailable.js'

// One statement, so no check-then-delete window: a concurrent `put` locks the row and resets
// `created_at`; the DELETE then re-evaluates its WHERE clause on the updated row (READ COMMITTED)
// and keeps it. A version row inserted after the statement's snapshot is not seen, which is why
// `before` lies a grace period in the past: its blob was put (and aged) less than that ago.
const collectSql = `
DELETE FROM blobs b
WHERE b.created_at < $1
  AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.integrity = b.integrity)`

/**
 * Blobs in the `blobs` table of the database behind `pool`, so replicas need no shared disk.
 * Expects the schema of `migratePostgres` (run by the metadata store's `migrate()`). Borrows the
 * pool: `close()` leaves it open for its owner. Keys must be sha512 SRI strings (plain Error
 * otherwise, as in the file store). `put` of an existing key only resets its `created_at`.
 */
export function createPostgresBlobStore(pool: Pool): BlobStore {
  const label = describePostgresTarget(pool.options.connectionString ?? '')
  const query = (sql: string, params: unknown[]) =>
    guardPostgres(label, () => pool.query(sql, params))
  return {
    async put(integrity, bytes) {
      parseSha512Integrity(integrity)
      await query(
        `INSERT INTO blobs (integrity, bytes, size) VALUES ($1, $2, $3)
         ON CONFLICT (integrity) DO UPDATE SET created_at = now()`,
        [
          integrity,
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          bytes.byteLength,
        ],
      )
    },
    async get(integrity) {
      parseSha512Integrity(integrity)
      const { rows } = await query('SELECT bytes FROM blobs WHERE integrity = $1', [integrity])
      const bytes = (rows[0] as { bytes: Buffer } | undefined)?.bytes
      return bytes === undefined
        ? undefined
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    },
    async has(integrity) {
      parseSha512Integrity(integrity)
      const { rowCount } = await query('SELECT 1 FROM blobs WHERE integrity = $1', [integrity])
      return rowCount === 1
    },
    async collectUnreferenced(before) {
      const { rowCount } = await query(collectSql, [before])
      return rowCount ?? 0
    },
    async close() {
      // The pool belongs to the metadata store (or the caller), which ends it.
    },
  }
}
