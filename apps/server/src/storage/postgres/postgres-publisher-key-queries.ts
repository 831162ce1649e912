import type { PoolClient } from 'pg'
import type { PublisherKeyQueries, PublisherKeyRecord } from '../metadata-store.js'
import { appendActivityInTransaction } from './postgres-activity-store.js'
import type { PostgresContext } from './postgres-context.js'
import { withTransaction } from './with-transaction.js'

interface PublisherKeyRow {
  readonly key_id: string
  readonly public_key: string
  readonly owner: string
  readonly scopes: string[]
  readonly created_at: Date
  readonly revoked_at: Date | null
}

function toRecord(row: PublisherKeyRow): PublisherKeyRecord {
  return {
    keyId: row.key_id,
    publicKey: row.public_key,
    owner: row.owner,
    scopes: row.scopes,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}

/** The publisher key methods of the PostgreSQL metadata store; writes with their activity entry in one transaction. */
export function createPostgresPublisherKeyQueries(context: PostgresContext): PublisherKeyQueries {
  const { query, now } = context
  const transaction = <T>(work: (client: PoolClient) => Promise<T>): Promise<T> =>
    context.guard(() => withTransaction(context.pool, work))
  return {
    addPublisherKey: (key, activity) =>
      transaction(async (client) => {
        const { rowCount } = await client.query(
          `INSERT INTO publisher_keys (key_id, public_key, owner, scopes, created_at, revoked_at)
           VALUES ($1, $2, $3, $4::jsonb, $5, NULL) ON CONFLICT (key_id) DO NOTHING`,
          [key.keyId, key.publicKey, key.owner, JSON.stringify(key.scopes), key.createdAt],
        )
        if (rowCount !== 1) return 'exists'
        await appendActivityInTransaction(client, activity)
        return 'created'
      }),
    async listPublisherKeys(owner) {
      const { rows } = await query<PublisherKeyRow>(
        `SELECT * FROM publisher_keys WHERE $1::text IS NULL OR owner = $1
         ORDER BY created_at, key_id`,
        [owner ?? null],
      )
      return rows.map(toRecord)
    },
    async getPublisherKey(keyId) {
      const { rows } = await query<PublisherKeyRow>(
        'SELECT * FROM publisher_keys WHERE key_id = $1',
        [keyId],
      )
      return rows[0] === undefined ? undefined : toRecord(rows[0])
    },
    // The flag, the skills' bumps (one statement) and the activity entry commit together; the
    // names are read after that commit, so a version published with the key concurrently is
    // either refused (key revoked) or listed here.
    async revokePublisherKey(keyId, at, activity) {
      const revoked = await transaction(async (client) => {
        const { rowCount } = await client.query(
          `WITH revoked AS (
             UPDATE publisher_keys SET revoked_at = $2 WHERE key_id = $1 AND revoked_at IS NULL
             RETURNING key_id),
           bumped AS (
             UPDATE skills s SET updated_at = GREATEST(s.updated_at, $3)
             WHERE EXISTS (SELECT 1 FROM revoked)
               AND s.name IN (SELECT v.name FROM versions v WHERE v.publisher_key_id = $1))
           SELECT key_id FROM revoked`,
          [keyId, at, now()],
        )
        if (rowCount !== 1) return false
        await appendActivityInTransaction(client, activity)
        return true
      })
      const { rows } = await query<{ name: string }>(
        'SELECT DISTINCT name FROM versions WHERE publisher_key_id = $1 ORDER BY name',
        [keyId],
      )
      return { revoked, names: rows.map((row) => row.name) }
    },
    async getPublisherBundle(name, version) {
      const { rows } = await query<{ bundle: string }>(
        'SELECT bundle FROM version_bundles WHERE name = $1 AND version = $2',
        [name, version],
      )
      return rows[0]?.bundle
    },
  }
}
