import { latestAfterYank } from '../latest-after-yank.js'
import type { SqliteContext } from './sqlite-context.js'

export const upsertTag = `
INSERT INTO dist_tags (name, tag, version) VALUES (@name, @tag, @version)
ON CONFLICT (name, tag) DO UPDATE SET version = excluded.version`

export const copyLatestDescription = `
UPDATE skills SET description = (
  SELECT description FROM versions WHERE name = @name AND version = @version)
WHERE name = @name`

const selectLatest = "SELECT version FROM dist_tags WHERE name = @name AND tag = 'latest'"
// Versions a range may resolve to: neither yanked nor blocked by the registry's audit.
const selectVersionStates = `
SELECT v.version, (v.yanked = 1 OR coalesce(a.verdict = 'block', 0)) AS withheld
FROM versions v LEFT JOIN version_audits a ON a.name = v.name AND a.version = v.version
WHERE v.name = @name`

/**
 * When `latest` points at `version` (just yanked or blocked), moves it to the best version still
 * served (latest-after-yank.ts). Call inside the write transaction that withheld the version.
 */
export function moveLatestOff(context: SqliteContext, name: string, version: string): void {
  const { statement } = context
  const latest = statement<{ version: string }>(selectLatest).get({ name })
  if (latest?.version !== version) return
  const rows = statement<{ version: string; withheld: number }>(selectVersionStates).all({ name })
  const next = latestAfterYank(
    rows.map((row) => ({ version: row.version, yanked: row.withheld === 1 })),
  )
  if (next === undefined) return
  statement(upsertTag).run({ name, tag: 'latest', version: next })
  statement(copyLatestDescription).run({ name, version: next })
}
