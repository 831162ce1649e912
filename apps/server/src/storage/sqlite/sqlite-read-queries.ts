import { assertSearchLimit } from '../assert-search-limit.js'
import { containsLikePattern, globToLikePattern } from '../like-pattern.js'
import type { MetadataStore } from '../metadata-store.js'
import type { SqliteContext } from './sqlite-context.js'
import {
  type SkillRow,
  type SkillSummaryRow,
  toSkillRecord,
  toSkillSummary,
  toVersionRecord,
  type VersionRow,
} from './sqlite-rows.js'

type ReadQueries = Pick<
  MetadataStore,
  | 'getSkill'
  | 'listVersions'
  | 'getVersion'
  | 'getDistTags'
  | 'searchSkills'
  | 'countSkills'
  | 'isBlobReferenced'
>

// SQLite's LIKE ignores ASCII case, as PostgreSQL's ILIKE does; `ESCAPE '\'` keeps user-typed `%`
// and `_` literal. The private-name globs arrive as one JSON array so the statement stays cached.
const searchSql = `
SELECT s.name, s.description, s.private, s.updated_at, t.version AS latest
FROM skills s
LEFT JOIN dist_tags t ON t.name = s.name AND t.tag = 'latest'
WHERE (s.name LIKE @q ESCAPE '\\' OR s.description LIKE @q ESCAPE '\\')
  AND (@after IS NULL OR s.name > @after)
  AND (s.private = 0 OR EXISTS (
    SELECT 1 FROM json_each(@patterns) AS p WHERE s.name LIKE p.value ESCAPE '\\'
  ))
ORDER BY s.name
LIMIT @limit`

// A version with whether its publisher key was revoked since (the document's `revoked` flag).
const versionSelect = `
SELECT v.*, k.revoked_at AS publisher_key_revoked_at
FROM versions v LEFT JOIN publisher_keys k ON k.key_id = v.publisher_key_id`

/** The read-only methods of the SQLite metadata store. */
export function createSqliteReadQueries({ statement, run }: SqliteContext): ReadQueries {
  return {
    getSkill: (name) =>
      run(() => {
        const row = statement<SkillRow>('SELECT * FROM skills WHERE name = @name').get({ name })
        return row === undefined ? undefined : toSkillRecord(row)
      }),
    listVersions: (name) =>
      run(() =>
        statement<VersionRow>(
          `${versionSelect} WHERE v.name = @name ORDER BY v.published_at, v.version`,
        )
          .all({ name })
          .map(toVersionRecord),
      ),
    getVersion: (name, version) =>
      run(() => {
        const row = statement<VersionRow>(
          `${versionSelect} WHERE v.name = @name AND v.version = @version`,
        ).get({ name, version })
        return row === undefined ? undefined : toVersionRecord(row)
      }),
    getDistTags: (name) =>
      run(() => {
        const rows = statement<{ tag: string; version: string }>(
          'SELECT tag, version FROM dist_tags WHERE name = @name ORDER BY tag',
        ).all({ name })
        return Object.fromEntries(rows.map((row) => [row.tag, row.version]))
      }),
    searchSkills: (search) =>
      run(() => {
        assertSearchLimit(search.limit)
        return statement<SkillSummaryRow>(searchSql)
          .all({
            q: containsLikePattern(search.q),
            after: search.after ?? null,
            patterns: JSON.stringify(search.privateNamePatterns.map(globToLikePattern)),
            limit: search.limit,
          })
          .map(toSkillSummary)
      }),
    countSkills: () =>
      run(
        () =>
          statement<{ count: number }>('SELECT count(*) AS count FROM skills').get()?.count ?? 0,
      ),
    isBlobReferenced: (integrity) =>
      run(
        () =>
          statement('SELECT 1 FROM versions WHERE integrity = @integrity LIMIT 1').get({
            integrity,
          }) !== undefined,
      ),
  }
}
