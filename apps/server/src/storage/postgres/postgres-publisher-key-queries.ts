import type { PublisherKeyQueries, PublisherKeyRecord } from '../metadata-store.js'
import type { PostgresContext } from './postgres-context.js'

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

/** The publisher key methods of the PostgreSQL metadata store. */
export function createPostgresPublisherKeyQueries({
  query,
  now,
}: PostgresContext): PublisherKeyQueries {
  return {
    async addPublisherKey(key) {
      const { rowCount } = await query(
        `INSERT INTO publisher_keys (key_id, public_key, owner, scopes, created_at, revoked_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, NULL) ON CONFLICT (key_id) DO NOTHING`,
        [key.keyId, key.publicKey, key.owner, JSON.stringify(key.scopes), key.createdAt],
      )
      return rowCount === 1 ? 'created' : 'exists'
    },
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
    // One statement each; the names are read after the flag is set, so a version published
    // with the key concurrently is either refused (key revoked) or listed here. The skills are
    // bumped by the statement that revokes, so the flag and the bumps commit together.
    async revokePublisherKey(keyId, at) {
      const { rows: revoked } = await query<{ key_id: string }>(
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
      const { rows } = await query<{ name: string }>(
        'SELECT DISTINCT name FROM versions WHERE publisher_key_id = $1 ORDER BY name',
        [keyId],
      )
      return { revoked: revoked.length === 1, names: rows.map((row) => row.name) }
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
