import type { Pool, PoolClient } from 'pg'
import {
  type ActivityRecord,
  type ActivityStore,
  assertActivity,
  type NewActivity,
} from '../../activity/activity-store.js'
import { globToLikePattern } from '../like-pattern.js'
import { createPostgresContext } from './postgres-context.js'

// ILIKE on the globs, as search matches private names (postgres-read-queries.ts).
const listSql = `
SELECT a.id::text AS id, a.at, a.actor, a.action, a.target, a.skill, a.details FROM activity a
WHERE ($1::bigint IS NULL OR a.id < $1::bigint)
  AND ($2::boolean OR (a.skill IS NOT NULL AND (
    EXISTS (SELECT 1 FROM skills s WHERE s.name = a.skill AND NOT s.private)
    OR EXISTS (SELECT 1 FROM unnest($3::text[]) AS p(pattern)
               WHERE a.skill ILIKE p.pattern ESCAPE '\\'))))
ORDER BY a.id DESC
LIMIT $4`

interface ActivityRow {
  readonly id: string
  readonly at: Date
  readonly actor: string
  readonly action: string
  readonly target: string
  readonly skill: string | null
  readonly details: Record<string, unknown>
}

/** Appends one entry; run on a transaction's client to make it part of that transaction. */
export const insertActivitySql = `INSERT INTO activity (at, actor, action, target, skill, details)
VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id::text AS id`

/** The values of {@link insertActivitySql}; throws (RangeError) for a refused entry. */
export function activityValues(entry: NewActivity): unknown[] {
  const details = assertActivity(entry)
  return [entry.at, entry.actor, entry.action, entry.target, entry.skill, details]
}

/**
 * Appends `entries` on `client`: called inside an action's transaction, so the entries commit with
 * the action or not at all (a refused entry throws and rolls it back).
 */
export async function appendActivityInTransaction(
  client: PoolClient,
  entries: NewActivity | readonly NewActivity[] | undefined,
): Promise<void> {
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries]
  for (const entry of list as readonly NewActivity[])
    await client.query(insertActivitySql, activityValues(entry))
}

/** The activity log on PostgreSQL (the stores' pool; the schema from migratePostgres). */
export function createPostgresActivityStore(pool: Pool, label: string): ActivityStore {
  const { query } = createPostgresContext(pool, label, () => new Date())
  return {
    async appendActivity(entry) {
      const { rows } = await query<{ id: string }>(insertActivitySql, activityValues(entry))
      const id = rows[0]?.id
      if (id === undefined) throw new Error('INSERT ... RETURNING gave no row')
      return id
    },
    async listActivity(q) {
      const all = q.visible === 'all'
      const { rows } = await query<ActivityRow>(listSql, [
        q.before ?? null,
        all,
        all ? [] : q.visible.privateNamePatterns.map(globToLikePattern),
        Math.max(0, Math.trunc(q.limit)),
      ])
      return rows.map(toRecord)
    },
  }
}

function toRecord(row: ActivityRow): ActivityRecord {
  return { ...row, at: new Date(row.at) }
}
