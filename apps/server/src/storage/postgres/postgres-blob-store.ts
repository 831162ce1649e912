import type { Pool } from 'pg'
import type { BlobStore } from '../blob-store.js'
import { parseSha512Integrity } from '../parse-sha512-integrity.js'
import { describePostgresTarget } from './describe-postgres-target.js'
import { guardPostgres } from './postgres-unavailable.js'

/**
 * Blobs in the `blobs` table of the database behind `pool`, so replicas need no shared disk.
 * Expects the schema of `migratePostgres` (run by the metadata store's `migrate()`). Borrows the
 * pool: `close()` leaves it open for its owner. Keys must be sha512 SRI strings (plain Error
 * otherwise, as in the file store), and `put` of an existing key is a no-op.
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
         ON CONFLICT (integrity) DO NOTHING`,
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
    async close() {
      // The pool belongs to the metadata store (or the caller), which ends it.
    },
  }
}
