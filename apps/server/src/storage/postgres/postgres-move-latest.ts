import type { PoolClient } from 'pg'
import { latestAfterYank } from '../latest-after-yank.js'

/**
 * When `latest` points at `version` (just yanked or blocked by a re-audit), moves it to the best
 * version still served (latest-after-yank.ts). Call inside the transaction that withheld it.
 */
export async function moveLatestOff(
  client: PoolClient,
  name: string,
  version: string,
): Promise<void> {
  const latest = await client.query<{ version: string }>(
    "SELECT version FROM dist_tags WHERE name = $1 AND tag = 'latest'",
    [name],
  )
  if (latest.rows[0]?.version !== version) return
  const states = await client.query<{ version: string; yanked: boolean }>(
    `SELECT v.version, (v.yanked OR coalesce(a.verdict = 'block', false)) AS yanked
     FROM versions v LEFT JOIN version_audits a ON a.name = v.name AND a.version = v.version
     WHERE v.name = $1`,
    [name],
  )
  const next = latestAfterYank(states.rows)
  if (next === undefined) return
  await client.query("UPDATE dist_tags SET version = $2 WHERE name = $1 AND tag = 'latest'", [
    name,
    next,
  ])
  await client.query(
    `UPDATE skills SET description = v.description FROM versions v
     WHERE skills.name = $1 AND v.name = $1 AND v.version = $2`,
    [name, next],
  )
}
