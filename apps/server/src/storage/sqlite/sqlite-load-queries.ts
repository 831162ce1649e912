import { assertLoadCounts } from '../assert-load-counts.js'
import type { MetadataStore } from '../metadata-store.js'
import type { SqliteContext } from './sqlite-context.js'

type LoadQueries = Pick<MetadataStore, 'recordLoads' | 'mostLoaded'>

const addLoads = `
INSERT INTO skill_loads (name, loads) VALUES (@name, @loads)
ON CONFLICT (name) DO UPDATE SET loads = loads + excluded.loads`

const mostLoadedSql = `
SELECT l.name FROM skill_loads l JOIN skills s ON s.name = l.name
WHERE l.loads > 0
ORDER BY l.loads DESC, l.name
LIMIT @limit`

/** Load totals for warm-up (see `MetadataStore.recordLoads`). */
export function createSqliteLoadQueries({ db, statement, run }: SqliteContext): LoadQueries {
  // One transaction per flush: a batch is summed in completely or not at all.
  const addAll = db.transaction((counts: ReadonlyMap<string, number>) => {
    for (const [name, loads] of counts) statement(addLoads).run({ name, loads })
  })
  return {
    recordLoads: (counts) =>
      run(() => {
        assertLoadCounts(counts)
        if (counts.size > 0) addAll.immediate(counts)
      }),
    mostLoaded: (limit) =>
      run(() =>
        statement<{ name: string }>(mostLoadedSql)
          .all({ limit: Math.max(0, Math.trunc(limit)) })
          .map((row) => row.name),
      ),
  }
}
