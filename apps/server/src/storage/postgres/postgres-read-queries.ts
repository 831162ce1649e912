import { assertSearchLimit } from '../assert-search-limit.js'
import { containsLikePattern, globToLikePattern } from '../like-pattern.js'
import type { MetadataStore, SearchQuery, SkillSummaryRecord } from '../metadata-store.js'
import type { PostgresContext } from './postgres-context.js'
import {
  type SkillRow,
  type SkillSummaryRow,
  toSkillRecord,
  toSkillSummary,
  toVersionRecord,
  type VersionRow,
} from './postgres-rows.js'

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

// A version with whether its publisher key was revoked since (the document's `revoked` flag).
const versionSelect = `
SELECT v.*, k.revoked_at AS publisher_key_revoked_at
FROM versions v LEFT JOIN publisher_keys k ON k.key_id = v.publisher_key_id`

/** The read-only methods of the PostgreSQL metadata store. */
export function createPostgresReadQueries(context: PostgresContext): ReadQueries {
  const { query } = context
  return {
    async getSkill(name) {
      const { rows } = await query<SkillRow>('SELECT * FROM skills WHERE name = $1', [name])
      return rows[0] === undefined ? undefined : toSkillRecord(rows[0])
    },
    async listVersions(name) {
      const { rows } = await query<VersionRow>(
        `${versionSelect} WHERE v.name = $1 ORDER BY v.published_at, v.version`,
        [name],
      )
      return rows.map(toVersionRecord)
    },
    async getVersion(name, version) {
      const { rows } = await query<VersionRow>(
        `${versionSelect} WHERE v.name = $1 AND v.version = $2`,
        [name, version],
      )
      return rows[0] === undefined ? undefined : toVersionRecord(rows[0])
    },
    async getDistTags(name) {
      const { rows } = await query<{ tag: string; version: string }>(
        'SELECT tag, version FROM dist_tags WHERE name = $1 ORDER BY tag',
        [name],
      )
      return Object.fromEntries(rows.map((row) => [row.tag, row.version]))
    },
    searchSkills: (search) => searchSkills(context, search),
    async countSkills() {
      const { rows } = await query<{ count: number }>(
        'SELECT count(*)::integer AS count FROM skills',
      )
      return rows[0]?.count ?? 0
    },
    async isBlobReferenced(integrity) {
      const { rowCount } = await query('SELECT 1 FROM versions WHERE integrity = $1 LIMIT 1', [
        integrity,
      ])
      return rowCount === 1
    },
  }
}

// ILIKE on both columns and on the private-name globs, so matching ignores case as SQLite's LIKE
// does; `ESCAPE '\'` keeps user-typed `%` and `_` literal.
const searchSql = `
SELECT s.name, s.description, s.private, s.updated_at, t.version AS latest
FROM skills s
LEFT JOIN dist_tags t ON t.name = s.name AND t.tag = 'latest'
WHERE (s.name ILIKE $1 ESCAPE '\\' OR s.description ILIKE $1 ESCAPE '\\')
  AND ($2::text IS NULL OR s.name > $2::text)
  AND (NOT s.private OR EXISTS (
    SELECT 1 FROM unnest($3::text[]) AS p(pattern) WHERE s.name ILIKE p.pattern ESCAPE '\\'
  ))
ORDER BY s.name
LIMIT $4`

async function searchSkills(
  context: PostgresContext,
  search: SearchQuery,
): Promise<SkillSummaryRecord[]> {
  assertSearchLimit(search.limit)
  const { rows } = await context.query<SkillSummaryRow>(searchSql, [
    containsLikePattern(search.q),
    search.after ?? null,
    search.privateNamePatterns.map(globToLikePattern),
    search.limit,
  ])
  return rows.map(toSkillSummary)
}
