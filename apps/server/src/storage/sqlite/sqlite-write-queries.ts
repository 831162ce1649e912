import type { NewActivity } from '../../activity/activity-store.js'
import type { MetadataStore } from '../metadata-store.js'
import { appendActivityInTransaction } from './sqlite-activity-store.js'
import type { SqliteContext } from './sqlite-context.js'
import { createSqliteInsertVersion } from './sqlite-insert-version.js'
import { copyLatestDescription, moveLatestOff, upsertTag } from './sqlite-move-latest.js'

type WriteQueries = Pick<
  MetadataStore,
  'insertVersion' | 'setDistTag' | 'removeDistTag' | 'updateVersion' | 'setPrivate'
>

// Every change to what a skill's document shows bumps `updated_at`, which callers may use for
// caching; max() keeps it monotonic if the clock steps back.
const bumpSkill = 'UPDATE skills SET updated_at = max(updated_at, @now) WHERE name = @name'

const updateVersionSql = `
UPDATE versions SET
  deprecated = CASE WHEN @setDeprecated THEN @deprecated ELSE deprecated END,
  yanked = coalesce(@yanked, yanked)
WHERE name = @name AND version = @version`

/** The write methods of the SQLite metadata store (besides tokens), each with its activity entries. */
export function createSqliteWriteQueries(context: SqliteContext): WriteQueries {
  const { db, statement, run, now } = context
  // Each change (whose first argument is the skill name), its `updated_at` bump and its activity
  // entries commit together; a change that changes nothing appends nothing.
  const changeThenBump = <A extends [name: string, ...rest: unknown[]]>(
    change: (...args: A) => boolean,
  ) =>
    db.transaction((activity: NewActivity | readonly NewActivity[] | undefined, ...args: A) => {
      const changed = change(...args)
      if (changed) {
        statement(bumpSkill).run({ name: args[0], now: now().getTime() })
        appendActivityInTransaction(context, activity)
      }
      return changed
    })
  const setTag = changeThenBump((name: string, tag: string, version: string) => {
    statement(upsertTag).run({ name, tag, version })
    if (tag === 'latest') statement(copyLatestDescription).run({ name, version })
    return true
  })
  const removeTag = changeThenBump(
    (name: string, tag: string) =>
      statement('DELETE FROM dist_tags WHERE name = @name AND tag = @tag').run({ name, tag })
        .changes === 1,
  )
  const patchVersion = changeThenBump(
    (name: string, version: string, patch: Parameters<MetadataStore['updateVersion']>[2]) => {
      const changed =
        statement(updateVersionSql).run({
          name,
          version,
          setDeprecated: patch.deprecated === undefined ? 0 : 1,
          deprecated: patch.deprecated ?? null,
          yanked: patch.yanked === undefined ? null : Number(patch.yanked),
        }).changes === 1
      if (changed && patch.yanked === true) moveLatestOff(context, name, version)
      return changed
    },
  )
  const setAccess = changeThenBump(
    (name: string, isPrivate: boolean) =>
      statement('UPDATE skills SET private = @private WHERE name = @name').run({
        name,
        private: isPrivate ? 1 : 0,
      }).changes === 1,
  )
  return {
    insertVersion: createSqliteInsertVersion(context),
    setDistTag: (name, tag, version, activity) =>
      run(() => void setTag.immediate(activity, name, tag, version)),
    removeDistTag: (name, tag, activity) => run(() => removeTag.immediate(activity, name, tag)),
    updateVersion: (name, version, patch, activity) =>
      run(() => patchVersion.immediate(activity, name, version, patch)),
    setPrivate: (name, isPrivate, activity) =>
      run(() => setAccess.immediate(activity, name, isPrivate)),
  }
}
