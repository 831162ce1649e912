import {
  type ActivityRecord,
  type ActivityStore,
  assertActivity,
  type NewActivity,
} from '../../activity/activity-store.js'
import { globToLikePattern } from '../like-pattern.js'
import { openSqliteContext, type SqliteContext } from './sqlite-context.js'

/** Appends one entry on the caller's connection (inside its transaction); see activityParameters. */
export const insertActivitySql = `
INSERT INTO activity (at, actor, action, target, skill, details)
VALUES (@at, @actor, @action, @target, @skill, @details)`

// Public skills for everyone; private ones by the caller's globs, as search lists them.
const listSql = `
SELECT a.id, a.at, a.actor, a.action, a.target, a.skill, a.details FROM activity a
WHERE (@before IS NULL OR a.id < @before)
  AND (@all = 1 OR (a.skill IS NOT NULL AND (
    EXISTS (SELECT 1 FROM skills s WHERE s.name = a.skill AND s.private = 0)
    OR EXISTS (SELECT 1 FROM json_each(@patterns) AS p WHERE a.skill LIKE p.value ESCAPE '\\'))))
ORDER BY a.id DESC
LIMIT @limit`

interface ActivityRow {
  readonly id: number
  readonly at: number
  readonly actor: string
  readonly action: string
  readonly target: string
  readonly skill: string | null
  readonly details: string
}

/** An activity store with a connection of its own; `close()` closes that connection. */
export interface OwnedSqliteActivityStore extends ActivityStore {
  close(): Promise<void>
}

/** Opens a connection of its own to the registry's (migrated) SQLite file. */
export function openSqliteActivityStore(options: {
  readonly file: string
}): OwnedSqliteActivityStore {
  const context = openSqliteContext({
    file: options.file,
    now: () => new Date(),
    busyTimeoutMillis: 5000,
  })
  return {
    ...createSqliteActivityStore(context),
    close: () => context.run(() => void context.db.close()),
  }
}

/** The named parameters of {@link insertActivitySql}; throws (RangeError) for a refused entry. */
export function activityParameters(entry: NewActivity): Record<string, string | number | null> {
  const details = assertActivity(entry)
  return {
    at: entry.at.getTime(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    skill: entry.skill,
    details,
  }
}

/**
 * Appends `entries` on the context's connection: called inside an action's transaction, so the
 * entries commit with the action or not at all (a refused entry throws and rolls it back).
 */
export function appendActivityInTransaction(
  { statement }: Pick<SqliteContext, 'statement'>,
  entries: NewActivity | readonly NewActivity[] | undefined,
): void {
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries]
  for (const entry of list as readonly NewActivity[])
    statement(insertActivitySql).run(activityParameters(entry))
}

/** The activity log in SQLite. */
export function createSqliteActivityStore({ statement, run }: SqliteContext): ActivityStore {
  return {
    appendActivity: (entry) =>
      run(() => {
        const { lastInsertRowid } = statement(insertActivitySql).run(activityParameters(entry))
        return String(lastInsertRowid)
      }),
    listActivity: (query) =>
      run(() =>
        statement<ActivityRow>(listSql)
          .all({
            before: query.before === undefined ? null : Number(query.before),
            all: query.visible === 'all' ? 1 : 0,
            patterns: JSON.stringify(
              query.visible === 'all'
                ? []
                : query.visible.privateNamePatterns.map(globToLikePattern),
            ),
            limit: Math.max(0, Math.trunc(query.limit)),
          })
          .map(toRecord),
      ),
  }
}

function toRecord(row: ActivityRow): ActivityRecord {
  return {
    id: String(row.id),
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    skill: row.skill,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }
}
