import {
  bucketSlots,
  type ExperimentSnapshot,
  type LoadStatsRecord,
  type SnapshotStats,
} from '../stats/stats-store.js'

/** The histogram columns of `load_stats`: b0..b17. */
export const bucketColumns: readonly string[] = Array.from(
  { length: bucketSlots },
  (_, i) => `b${i}`,
)

/** The summed columns of `load_stats` besides the buckets, with their record fields. */
/** The summed millisecond columns of `load_stats` (floating point in both engines). */
export const millisecondColumns: readonly string[] = [
  'time_ms',
  'resolve_ms',
  'blob_read_ms',
  'integrity_ms',
  'unpack_ms',
  'render_ms',
]

/** The summed columns of `load_stats` besides the buckets: the counts, then the milliseconds. */
export const sumColumns: readonly string[] = ['loads', 'hits', ...millisecondColumns]

/** Every column of `load_stats`, in one order both engines use. */
export const loadStatsColumns: readonly string[] = [
  'name',
  'version',
  'hour',
  ...sumColumns,
  ...bucketColumns,
]

/** A `load_stats` row as both drivers return it (numbers; PostgreSQL bigints cast in SQL). */
export type LoadStatsRow = Readonly<Record<string, string | number>>

/** The row's values in {@link loadStatsColumns} order. */
export function loadStatsValues(record: LoadStatsRecord): (string | number)[] {
  const { phases } = record
  return [
    record.name,
    record.version,
    record.hour,
    record.loads,
    record.hits,
    record.timeMs,
    phases.resolve,
    phases.blobRead,
    phases.integrity,
    phases.unpack,
    phases.render,
    ...record.buckets,
  ]
}

/** A stored row back as a record. */
export function toLoadStatsRecord(row: LoadStatsRow): LoadStatsRecord {
  const num = (column: string) => Number(row[column])
  return {
    name: String(row['name']),
    version: String(row['version']),
    hour: num('hour'),
    loads: num('loads'),
    hits: num('hits'),
    timeMs: num('time_ms'),
    buckets: bucketColumns.map(num),
    phases: {
      resolve: num('resolve_ms'),
      blobRead: num('blob_read_ms'),
      integrity: num('integrity_ms'),
      unpack: num('unpack_ms'),
      render: num('render_ms'),
    },
  }
}

/** An `experiment_snapshots` row: metrics as JSON text (SQLite) or parsed (PostgreSQL jsonb). */
export interface SnapshotRow {
  readonly day: string
  readonly variant: string
  readonly users: number | string
  readonly metrics: string | Readonly<Record<string, SnapshotStats>>
}

/** Rows ordered by day then variant, grouped into one snapshot per day. */
export function groupSnapshots(rows: readonly SnapshotRow[]): ExperimentSnapshot[] {
  const snapshots: { day: string; arms: ExperimentSnapshot['arms'][number][] }[] = []
  for (const row of rows) {
    let last = snapshots[snapshots.length - 1]
    if (last?.day !== row.day) {
      last = { day: row.day, arms: [] }
      snapshots.push(last)
    }
    const metrics = typeof row.metrics === 'string' ? JSON.parse(row.metrics) : row.metrics
    last.arms.push({ variant: row.variant, users: Number(row.users), metrics })
  }
  return snapshots
}
