import {
  assertLoadStats,
  dayOfHour,
  type ExperimentSnapshot,
  type StatsStore,
} from '../../stats/stats-store.js'
import {
  bucketColumns,
  groupSnapshots,
  type LoadStatsRow,
  loadStatsColumns,
  loadStatsValues,
  type SnapshotRow,
  sumColumns,
  toLoadStatsRecord,
} from '../stats-rows.js'
import { openSqliteContext, type SqliteContext } from './sqlite-context.js'

const placeholders = loadStatsColumns.map((_, i) => `@p${i}`).join(', ')
const addedColumns = [...sumColumns, ...bucketColumns]
  .map((column) => `${column} = ${column} + excluded.${column}`)
  .join(', ')

const addLoadStatsSql = `
INSERT INTO load_stats (${loadStatsColumns.join(', ')}) VALUES (${placeholders})
ON CONFLICT (name, hour, version) DO UPDATE SET ${addedColumns}`

const readLoadStatsSql = `
SELECT ${loadStatsColumns.join(', ')} FROM load_stats
WHERE name = @name AND hour >= @fromHour ORDER BY hour, version`

const deleteSnapshotSql =
  'DELETE FROM experiment_snapshots WHERE experiment = @experiment AND day = @day'
const insertSnapshotSql = `
INSERT INTO experiment_snapshots (experiment, day, variant, users, metrics)
VALUES (@experiment, @day, @variant, @users, @metrics)`
const readSnapshotsSql = `
SELECT day, variant, users, metrics FROM experiment_snapshots
WHERE experiment = @experiment ORDER BY day, variant`

/** A stats store with a connection of its own; `close()` closes that connection. */
export interface OwnedSqliteStatsStore extends StatsStore {
  close(): Promise<void>
}

/** Opens a connection of its own to the registry's (migrated) SQLite file, as the experiment store. */
export function openSqliteStatsStore(options: { readonly file: string }): OwnedSqliteStatsStore {
  const context = openSqliteContext({
    file: options.file,
    now: () => new Date(),
    busyTimeoutMillis: 5000,
  })
  return {
    ...createSqliteStatsStore(context),
    close: () => context.run(() => void context.db.close()),
  }
}

/** The console's time series in SQLite; each method one `BEGIN IMMEDIATE` transaction. */
export function createSqliteStatsStore(context: SqliteContext): StatsStore {
  const { db, statement, run } = context
  const addAll = db.transaction((records: Parameters<StatsStore['addLoadStats']>[0]) => {
    for (const record of records) {
      const parameters: Record<string, string | number> = {}
      loadStatsValues(record).forEach((value, i) => {
        parameters[`p${i}`] = value
      })
      statement(addLoadStatsSql).run(parameters)
    }
  })
  const putSnapshot = db.transaction((experiment: string, snapshot: ExperimentSnapshot) => {
    statement(deleteSnapshotSql).run({ experiment, day: snapshot.day })
    for (const arm of snapshot.arms) {
      statement(insertSnapshotSql).run({
        experiment,
        day: snapshot.day,
        variant: arm.variant,
        users: arm.users,
        metrics: JSON.stringify(arm.metrics),
      })
    }
  })
  const prune = db.transaction((hour: number) => {
    const loads = statement('DELETE FROM load_stats WHERE hour < @hour').run({ hour }).changes
    const snapshots = statement('DELETE FROM experiment_snapshots WHERE day < @day').run({
      day: dayOfHour(hour),
    }).changes
    return loads + snapshots
  })
  return {
    addLoadStats: (records) =>
      run(() => {
        assertLoadStats(records)
        if (records.length > 0) addAll.immediate(records)
      }),
    readLoadStats: (name, fromHour) =>
      run(() =>
        statement<LoadStatsRow>(readLoadStatsSql).all({ name, fromHour }).map(toLoadStatsRecord),
      ),
    putExperimentSnapshot: (experiment, snapshot) =>
      run(() => putSnapshot.immediate(experiment, snapshot)),
    readExperimentSnapshots: (experiment) =>
      run(() => groupSnapshots(statement<SnapshotRow>(readSnapshotsSql).all({ experiment }))),
    pruneBefore: (hour) => run(() => prune.immediate(hour)),
  }
}
