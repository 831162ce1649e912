import type { Pool } from 'pg'
import {
  assertLoadStats,
  dayOfHour,
  type LoadStatsRecord,
  type StatsStore,
  sumLoadStats,
} from '../../stats/stats-store.js'
import {
  bucketColumns,
  groupSnapshots,
  type LoadStatsRow,
  loadStatsColumns,
  loadStatsValues,
  millisecondColumns,
  type SnapshotRow,
  sumColumns,
  toLoadStatsRecord,
} from '../stats-rows.js'
import { createPostgresContext } from './postgres-context.js'
import { withTransaction } from './with-transaction.js'

const textColumns = new Set(['name', 'version'])
const floatColumns = new Set(millisecondColumns)
const columnType = (column: string) =>
  textColumns.has(column) ? 'text' : floatColumns.has(column) ? 'double precision' : 'bigint'

// One statement per flush, every record in one JSON parameter. Rows are sorted by key so replicas
// flushing overlapping batches at once take the row locks in the same order.
const addLoadStatsSql = `
INSERT INTO load_stats (${loadStatsColumns.join(', ')})
SELECT ${loadStatsColumns.map((column, i) => `(r->>${i})::${columnType(column)}`).join(', ')}
FROM jsonb_array_elements($1::jsonb) AS r
ON CONFLICT (name, hour, version) DO UPDATE SET ${[...sumColumns, ...bucketColumns]
  .map((column) => `${column} = load_stats.${column} + EXCLUDED.${column}`)
  .join(', ')}`

// bigint comes back as text from pg; the row mapper turns every number column into a number.
const readLoadStatsSql = `
SELECT ${loadStatsColumns.join(', ')} FROM load_stats
WHERE name = $1 AND hour >= $2 ORDER BY hour, version`

/**
 * The console's time series on PostgreSQL (the stores' pool; the schema from migratePostgres).
 * Unreachable-server failures throw REGISTRY_STORAGE_UNAVAILABLE naming `label`.
 */
export function createPostgresStatsStore(pool: Pool, label: string): StatsStore {
  const context = createPostgresContext(pool, label, () => new Date())
  const { query, guard } = context
  return {
    async addLoadStats(records) {
      assertLoadStats(records)
      if (records.length === 0) return
      const sorted = mergeSameKeys([...records].sort(compareKeys))
      await query(addLoadStatsSql, [JSON.stringify(sorted.map(loadStatsValues))])
    },
    async readLoadStats(name, fromHour) {
      const { rows } = await query<LoadStatsRow>(readLoadStatsSql, [name, fromHour])
      return rows.map(toLoadStatsRecord)
    },
    putExperimentSnapshot: (experiment, snapshot) =>
      guard(() =>
        withTransaction(pool, async (client) => {
          await client.query(
            'DELETE FROM experiment_snapshots WHERE experiment = $1 AND day = $2',
            [experiment, snapshot.day],
          )
          if (snapshot.arms.length === 0) return
          await client.query(
            `INSERT INTO experiment_snapshots (experiment, day, variant, users, metrics)
             SELECT $1, $2, a->>'variant', (a->>'users')::bigint, a->'metrics'
             FROM jsonb_array_elements($3::jsonb) AS a`,
            [experiment, snapshot.day, JSON.stringify(snapshot.arms)],
          )
        }),
      ),
    async readExperimentSnapshots(experiment) {
      const { rows } = await query<SnapshotRow>(
        `SELECT day, variant, users, metrics FROM experiment_snapshots
         WHERE experiment = $1 ORDER BY day, variant`,
        [experiment],
      )
      return groupSnapshots(rows)
    },
    pruneBefore: (hour) =>
      guard(() =>
        withTransaction(pool, async (client) => {
          const loads = await client.query('DELETE FROM load_stats WHERE hour < $1', [hour])
          const snapshots = await client.query('DELETE FROM experiment_snapshots WHERE day < $1', [
            dayOfHour(hour),
          ])
          return (loads.rowCount ?? 0) + (snapshots.rowCount ?? 0)
        }),
      ),
  }
}

function compareKeys(a: LoadStatsRecord, b: LoadStatsRecord): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  if (a.hour !== b.hour) return a.hour - b.hour
  return a.version < b.version ? -1 : a.version > b.version ? 1 : 0
}

// One INSERT may not update a row twice: records of one key are summed first.
function mergeSameKeys(sorted: readonly LoadStatsRecord[]): LoadStatsRecord[] {
  const merged: LoadStatsRecord[] = []
  for (const record of sorted) {
    const last = merged[merged.length - 1]
    if (last !== undefined && compareKeys(last, record) === 0) {
      merged[merged.length - 1] = sumLoadStats(last, record)
    } else {
      merged.push(record)
    }
  }
  return merged
}
