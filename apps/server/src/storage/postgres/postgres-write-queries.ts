import type { PoolClient } from 'pg'
import type { NewActivity } from '../../activity/activity-store.js'
import type { MetadataStore } from '../metadata-store.js'
import { appendActivityInTransaction } from './postgres-activity-store.js'
import type { PostgresContext } from './postgres-context.js'
import { insertPostgresVersion } from './postgres-insert-version.js'
import { moveLatestOff } from './postgres-move-latest.js'
import { withTransaction } from './with-transaction.js'

type WriteQueries = Pick<
  MetadataStore,
  'insertVersion' | 'setDistTag' | 'removeDistTag' | 'updateVersion' | 'setPrivate'
>

// Every change to what a skill's document shows bumps `updated_at`, which callers may use for
// caching; GREATEST keeps it monotonic when replicas' clocks disagree.
const bumpSkill = 'UPDATE skills SET updated_at = GREATEST(updated_at, $2) WHERE name = $1'

/** The write methods of the PostgreSQL metadata store (besides tokens), each with its activity entries. */
export function createPostgresWriteQueries(context: PostgresContext): WriteQueries {
  const transaction = <T>(work: (client: PoolClient) => Promise<T>): Promise<T> =>
    context.guard(() => withTransaction(context.pool, work))
  return {
    insertVersion: (version) => insertPostgresVersion(context, version),
    setDistTag: (name, tag, version, activity) => setDistTag(context, name, tag, version, activity),
    removeDistTag: (name, tag, activity) =>
      transaction(async (client) => {
        const { rowCount } = await client.query(
          `WITH removed AS (DELETE FROM dist_tags WHERE name = $1 AND tag = $3 RETURNING name)
           UPDATE skills SET updated_at = GREATEST(updated_at, $2)
           WHERE name IN (SELECT name FROM removed)`,
          [name, context.now(), tag],
        )
        if (rowCount !== 1) return false
        await appendActivityInTransaction(client, activity)
        return true
      }),
    updateVersion: (name, version, patch, activity) =>
      updateVersion(context, name, version, patch, activity),
    setPrivate: (name, isPrivate, activity) =>
      transaction(async (client) => {
        const { rowCount } = await client.query(
          'UPDATE skills SET private = $3, updated_at = GREATEST(updated_at, $2) WHERE name = $1',
          [name, context.now(), isPrivate],
        )
        if (rowCount !== 1) return false
        await appendActivityInTransaction(client, activity)
        return true
      }),
  }
}

async function setDistTag(
  context: PostgresContext,
  name: string,
  tag: string,
  version: string,
  activity: NewActivity | undefined,
): Promise<void> {
  await context.guard(() =>
    withTransaction(context.pool, async (client) => {
      await client.query(
        `INSERT INTO dist_tags (name, tag, version) VALUES ($1, $2, $3)
         ON CONFLICT (name, tag) DO UPDATE SET version = EXCLUDED.version`,
        [name, tag, version],
      )
      await client.query(bumpSkill, [name, context.now()])
      if (tag === 'latest') {
        await client.query(
          `UPDATE skills SET description = v.description FROM versions v
           WHERE skills.name = $1 AND v.name = $1 AND v.version = $2`,
          [name, version],
        )
      }
      await appendActivityInTransaction(client, activity)
    }),
  )
}

// Yanking the version `latest` points at moves `latest` in the same transaction; the skill's row
// is locked first so two yanks of one skill take turns.
async function updateVersion(
  context: PostgresContext,
  name: string,
  version: string,
  patch: Parameters<MetadataStore['updateVersion']>[2],
  activity: readonly NewActivity[] | undefined,
): Promise<boolean> {
  return context.guard(() =>
    withTransaction(context.pool, async (client) => {
      await client.query('SELECT 1 FROM skills WHERE name = $1 FOR UPDATE', [name])
      const { rowCount } = await client.query(
        `UPDATE versions SET
           deprecated = CASE WHEN $3::boolean THEN $4::text ELSE deprecated END,
           yanked = COALESCE($5::boolean, yanked)
         WHERE name = $1 AND version = $2`,
        [
          name,
          version,
          patch.deprecated !== undefined,
          patch.deprecated ?? null,
          patch.yanked ?? null,
        ],
      )
      if (rowCount !== 1) return false
      await client.query(bumpSkill, [name, context.now()])
      if (patch.yanked === true) await moveLatestOff(client, name, version)
      await appendActivityInTransaction(client, activity)
      return true
    }),
  )
}
