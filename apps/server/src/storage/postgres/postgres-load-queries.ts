import { assertLoadCounts } from '../assert-load-counts.js'
import type { MetadataStore } from '../metadata-store.js'
import type { PostgresContext } from './postgres-context.js'

type LoadQueries = Pick<MetadataStore, 'recordLoads' | 'mostLoaded'>

// One statement per flush. Names are sorted so replicas flushing overlapping batches at once take
// the row locks in the same order and cannot deadlock.
const addLoads = `
INSERT INTO skill_loads (name, loads)
SELECT name, loads FROM unnest($1::text[], $2::bigint[]) AS c(name, loads)
ON CONFLICT (name) DO UPDATE SET loads = skill_loads.loads + EXCLUDED.loads`

const mostLoadedSql = `
SELECT l.name FROM skill_loads l JOIN skills s ON s.name = l.name
WHERE l.loads > 0
ORDER BY l.loads DESC, l.name
LIMIT $1`

/** Load totals for warm-up (see `MetadataStore.recordLoads`). */
export function createPostgresLoadQueries({ query }: PostgresContext): LoadQueries {
  return {
    async recordLoads(counts) {
      assertLoadCounts(counts)
      if (counts.size === 0) return
      const names = [...counts.keys()].sort()
      await query(addLoads, [names, names.map((name) => counts.get(name))])
    },
    async mostLoaded(limit) {
      const { rows } = await query<{ name: string }>(mostLoadedSql, [
        Math.max(0, Math.trunc(limit)),
      ])
      return rows.map((row) => row.name)
    },
  }
}
