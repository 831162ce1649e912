import type { NewActivity } from '../../activity/activity-store.js'
import type { PublisherKeyQueries, PublisherKeyRecord } from '../metadata-store.js'
import { appendActivityInTransaction } from './sqlite-activity-store.js'
import type { SqliteContext } from './sqlite-context.js'

interface PublisherKeyRow {
  readonly key_id: string
  readonly public_key: string
  readonly owner: string
  readonly scopes: string
  readonly created_at: number
  readonly revoked_at: number | null
}

function toRecord(row: PublisherKeyRow): PublisherKeyRecord {
  return {
    keyId: row.key_id,
    publicKey: row.public_key,
    owner: row.owner,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: new Date(row.created_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  }
}

/** The publisher key methods of the SQLite metadata store; writes with their activity entry in one transaction. */
export function createSqlitePublisherKeyQueries(context: SqliteContext): PublisherKeyQueries {
  const { db, statement, run, now } = context
  const add = db.transaction((key: PublisherKeyRecord, activity: NewActivity | undefined) => {
    const { changes } = statement(
      `INSERT INTO publisher_keys (key_id, public_key, owner, scopes, created_at, revoked_at)
       VALUES (@keyId, @publicKey, @owner, @scopes, @createdAt, NULL)
       ON CONFLICT (key_id) DO NOTHING`,
    ).run({
      keyId: key.keyId,
      publicKey: key.publicKey,
      owner: key.owner,
      scopes: JSON.stringify(key.scopes),
      createdAt: key.createdAt.getTime(),
    })
    if (changes !== 1) return 'exists'
    appendActivityInTransaction(context, activity)
    return 'created'
  })
  const revoke = db.transaction((keyId: string, at: number, activity: NewActivity | undefined) => {
    const changed = statement(
      'UPDATE publisher_keys SET revoked_at = @at WHERE key_id = @keyId AND revoked_at IS NULL',
    ).run({ keyId, at }).changes
    const names = statement<{ name: string }>(
      'SELECT DISTINCT name FROM versions WHERE publisher_key_id = @keyId ORDER BY name',
    )
      .all({ keyId })
      .map((row) => row.name)
    if (changed === 1) {
      const bump = statement(
        'UPDATE skills SET updated_at = max(updated_at, @now) WHERE name = @name',
      )
      for (const name of names) bump.run({ name, now: now().getTime() })
      appendActivityInTransaction(context, activity)
    }
    return { revoked: changed === 1, names }
  })
  return {
    addPublisherKey: (key, activity) => run(() => add.immediate(key, activity)),
    listPublisherKeys: (owner) =>
      run(() =>
        statement<PublisherKeyRow>(
          `SELECT * FROM publisher_keys WHERE @owner IS NULL OR owner = @owner
           ORDER BY created_at, key_id`,
        )
          .all({ owner: owner ?? null })
          .map(toRecord),
      ),
    getPublisherKey: (keyId) =>
      run(() => {
        const row = statement<PublisherKeyRow>(
          'SELECT * FROM publisher_keys WHERE key_id = @keyId',
        ).get({ keyId })
        return row === undefined ? undefined : toRecord(row)
      }),
    revokePublisherKey: (keyId, at, activity) =>
      run(() => revoke.immediate(keyId, at.getTime(), activity)),
    getPublisherBundle: (name, version) =>
      run(
        () =>
          statement<{ bundle: string }>(
            'SELECT bundle FROM version_bundles WHERE name = @name AND version = @version',
          ).get({ name, version })?.bundle,
      ),
  }
}
