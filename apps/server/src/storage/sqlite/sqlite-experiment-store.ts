import type {
  ExperimentDecision,
  ExperimentGuardrail,
  ExperimentRampStep,
  ExperimentStatus,
  ExperimentVariant,
} from '@skillship/registry-client'
import BetterSqlite3 from 'better-sqlite3'
import type { NewActivity } from '../../activity/activity-store.js'
import {
  type ArmMetricStats,
  type ArmObservation,
  assertObservationValues,
  type ExperimentRecord,
  type ExperimentStore,
  type ExperimentTransition,
} from '../../experiments/experiment-store.js'
import { appendActivityInTransaction } from './sqlite-activity-store.js'
import { openSqliteContext, type SqliteContext } from './sqlite-context.js'

/** An `experiments` row: timestamps in epoch milliseconds, lists and the decision as JSON text. */
interface ExperimentRow {
  readonly key: string
  readonly skill: string
  readonly seed: string
  readonly status: ExperimentStatus
  readonly variants: string
  readonly coverage: number
  readonly primary_metric: string
  readonly guardrails: string
  readonly ramp: string
  readonly created_at: number
  readonly started_at: number | null
  readonly ended_at: number | null
  readonly decision: string | null
}

const columns = `key, skill, seed, status, variants, coverage, primary_metric, guardrails, ramp,
  created_at, started_at, ended_at, decision`

const insertExperiment = `
INSERT INTO experiments (${columns})
VALUES (@key, @skill, @seed, @status, @variants, @coverage, @primaryMetric, @guardrails, @ramp,
  @createdAt, @startedAt, @endedAt, @decision)
ON CONFLICT (key) DO NOTHING`

const selectExperiment = `SELECT ${columns} FROM experiments WHERE key = @key`
const selectAll = `SELECT ${columns} FROM experiments ORDER BY created_at, key`
const selectBySkill = `SELECT ${columns} FROM experiments WHERE skill = @skill ORDER BY created_at, key`
const selectRunning = `SELECT ${columns} FROM experiments WHERE skill = @skill AND status = 'running'`

// A move into `running` stamps started_at (once); a move into a final status stamps ended_at.
const transition = `
UPDATE experiments SET
  status = @to,
  started_at = CASE WHEN @to = 'running' THEN coalesce(started_at, @at) ELSE started_at END,
  ended_at = CASE WHEN @to IN ('stopped', 'rolled-back', 'promoted') THEN @at ELSE ended_at END,
  decision = coalesce(@decision, decision)
WHERE key = @key AND status = @from`

const startDraft = `
UPDATE experiments SET status = 'running', started_at = @at
WHERE key = @key AND status = 'draft'`

const insertAssignment = `
INSERT OR IGNORE INTO experiment_assignments (experiment, user_id, variant)
VALUES (@experiment, @user, @variant)`
const selectAssignment = `
SELECT variant FROM experiment_assignments WHERE experiment = @experiment AND user_id = @user`
const countAssignments = `
SELECT variant, count(*) AS users FROM experiment_assignments
WHERE experiment = @experiment GROUP BY variant ORDER BY variant`

const insertObservationId = `
INSERT OR IGNORE INTO experiment_observations (experiment, id) VALUES (@experiment, @id)`
const addArmStats = `
INSERT INTO experiment_arm_stats (experiment, variant, metric, n, sum, sum_squares)
VALUES (@experiment, @variant, @metric, @n, @sum, @sumSquares)
ON CONFLICT (experiment, variant, metric) DO UPDATE SET
  n = n + excluded.n, sum = sum + excluded.sum, sum_squares = sum_squares + excluded.sum_squares`
const selectArmStats = `
SELECT variant, metric, n, sum, sum_squares FROM experiment_arm_stats
WHERE experiment = @experiment ORDER BY variant, metric`

// Taken when free, expired, or already held by `owner` (a renewal); otherwise left alone.
const acquireLeaseSql = `
INSERT INTO leases (name, owner, expires_at) VALUES (@name, @owner, @expiresAt)
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
WHERE leases.expires_at <= @now OR leases.owner = excluded.owner`

/** An experiment store with a connection of its own; `close()` closes that connection. */
export interface OwnedSqliteExperimentStore extends ExperimentStore {
  close(): Promise<void>
}

/**
 * Opens a connection of its own to the registry's SQLite file (WAL lets it share the file with
 * the metadata store's connection). The file must already be migrated (`MetadataStore.migrate`).
 */
export function openSqliteExperimentStore(options: {
  readonly file: string
  readonly busyTimeoutMillis?: number
}): OwnedSqliteExperimentStore {
  const context = openSqliteContext({
    file: options.file,
    now: () => new Date(),
    busyTimeoutMillis: options.busyTimeoutMillis ?? 5000,
  })
  return {
    ...createSqliteExperimentStore(context),
    close: () => context.run(() => void context.db.close()),
  }
}

/**
 * Experiments in the embedded SQLite database, over `context`'s connection (migrated by
 * `migrateSqlite`). Every method runs synchronously inside the promise, multi-statement ones in one
 * `BEGIN IMMEDIATE` transaction, so each is atomic against other connections too.
 */
export function createSqliteExperimentStore(context: SqliteContext): ExperimentStore {
  const { db, statement, run } = context
  const create = db.transaction((record: ExperimentRecord, activity: NewActivity | undefined) => {
    if (statement(insertExperiment).run(toRow(record)).changes !== 1) return 'exists'
    appendActivityInTransaction(context, activity)
    return 'created'
  })
  const readOne = (key: string): ExperimentRecord | undefined => {
    const row = statement<ExperimentRow>(selectExperiment).get({ key })
    return row === undefined ? undefined : toRecord(row)
  }
  return {
    createExperiment: (record, activity) => run(() => create.immediate(record, activity)),
    getExperiment: (key) => run(() => readOne(key)),
    listExperiments: (filter) =>
      run(() => {
        const rows =
          filter?.skill === undefined
            ? statement<ExperimentRow>(selectAll).all()
            : statement<ExperimentRow>(selectBySkill).all({ skill: filter.skill })
        return rows.map(toRecord)
      }),
    runningExperiment: (skill) =>
      run(() => {
        const row = statement<ExperimentRow>(selectRunning).get({ skill })
        return row === undefined ? undefined : toRecord(row)
      }),
    transitionExperiment: (key, change) => run(() => applyTransition(context, key, change)),
    startExperiment: (key, at, activity) => run(() => start(context, key, at, activity)),
    ...createAssignmentQueries(context),
    ...createObservationQueries(context),
    acquireLease: (name, owner, ttlMs, now) =>
      run(
        () =>
          statement(acquireLeaseSql).run({
            name,
            owner,
            expiresAt: now.getTime() + ttlMs,
            now: now.getTime(),
          }).changes === 1,
      ),
  }
}

// The change and its activity entry commit together; a refused change appends nothing.
function applyTransition(
  context: SqliteContext,
  key: string,
  change: ExperimentTransition,
): boolean {
  const { db, statement } = context
  try {
    return db
      .transaction(() => {
        const result = statement(transition).run({
          key,
          from: change.from,
          to: change.to,
          at: change.at.getTime(),
          decision: change.decision === undefined ? null : JSON.stringify(change.decision),
        })
        if (result.changes !== 1) return false
        appendActivityInTransaction(context, change.activity)
        return true
      })
      .immediate()
  } catch (error) {
    // Into `running` while another experiment of the skill runs: refused like a stale `from`.
    if (isOneRunningViolation(error)) return false
    throw error
  }
}

function start(
  context: SqliteContext,
  key: string,
  at: Date,
  activity: NewActivity | undefined,
): 'started' | 'not-draft' | 'conflict' {
  const { db, statement } = context
  try {
    return db
      .transaction(() => {
        if (statement(startDraft).run({ key, at: at.getTime() }).changes !== 1) return 'not-draft'
        appendActivityInTransaction(context, activity)
        return 'started'
      })
      .immediate()
  } catch (error) {
    if (isOneRunningViolation(error)) return 'conflict'
    throw error
  }
}

function isOneRunningViolation(error: unknown): boolean {
  return (
    error instanceof BetterSqlite3.SqliteError &&
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('experiments.skill')
  )
}

type AssignmentQueries = Pick<ExperimentStore, 'assign' | 'getAssignment' | 'assignmentCounts'>

function createAssignmentQueries({ db, statement, run }: SqliteContext): AssignmentQueries {
  const read = (experiment: string, user: string): string | undefined =>
    statement<{ variant: string }>(selectAssignment).get({ experiment, user })?.variant
  // First write wins: the insert is ignored when a variant is stored, and the stored one is read.
  const assignOnce = db.transaction((experiment: string, user: string, variant: string) => {
    statement(insertAssignment).run({ experiment, user, variant })
    const stored = read(experiment, user)
    if (stored === undefined) throw new Error(`assignment of ${user} in ${experiment} vanished`)
    return stored
  })
  return {
    assign: (experiment, user, variant) =>
      run(() => assignOnce.immediate(experiment, user, variant)),
    getAssignment: (experiment, user) => run(() => read(experiment, user)),
    assignmentCounts: (experiment) =>
      run(() => {
        const rows = statement<{ variant: string; users: number }>(countAssignments).all({
          experiment,
        })
        return Object.fromEntries(rows.map((row) => [row.variant, row.users]))
      }),
  }
}

type ObservationQueries = Pick<ExperimentStore, 'addObservations' | 'armStats'>

interface StatsDelta {
  experiment: string
  variant: string
  metric: string
  n: number
  sum: number
  sumSquares: number
}

function createObservationQueries({ db, statement, run }: SqliteContext): ObservationQueries {
  // The ids and the statistics change in one transaction: an id is stored iff it was counted.
  const addAll = db.transaction((observations: readonly ArmObservation[]) => {
    const deltas = new Map<string, StatsDelta>()
    let accepted = 0
    for (const observation of observations) {
      const { experiment, id } = observation
      if (statement(insertObservationId).run({ experiment, id }).changes === 0) continue
      accepted += 1
      addToDelta(deltas, observation)
    }
    for (const delta of deltas.values()) statement(addArmStats).run({ ...delta })
    return { accepted, duplicates: observations.length - accepted }
  })
  return {
    addObservations: (observations) =>
      run(() => {
        assertObservationValues(observations)
        return observations.length === 0
          ? { accepted: 0, duplicates: 0 }
          : addAll.immediate(observations)
      }),
    armStats: (experiment) =>
      run(() =>
        statement<{ variant: string; metric: string; n: number; sum: number; sum_squares: number }>(
          selectArmStats,
        )
          .all({ experiment })
          .map(
            (row): ArmMetricStats => ({
              variant: row.variant,
              metric: row.metric,
              n: row.n,
              sum: row.sum,
              sumSquares: row.sum_squares,
            }),
          ),
      ),
  }
}

function addToDelta(deltas: Map<string, StatsDelta>, observation: ArmObservation): void {
  const { experiment, variant, metric, value } = observation
  const key = JSON.stringify([experiment, variant, metric])
  let delta = deltas.get(key)
  if (delta === undefined) {
    delta = { experiment, variant, metric, n: 0, sum: 0, sumSquares: 0 }
    deltas.set(key, delta)
  }
  delta.n += 1
  delta.sum += value
  delta.sumSquares += value * value
}

function toRow(record: ExperimentRecord): Record<string, string | number | null> {
  return {
    key: record.key,
    skill: record.skill,
    seed: record.seed,
    status: record.status,
    variants: JSON.stringify(record.variants),
    coverage: record.coverage,
    primaryMetric: record.primaryMetric,
    guardrails: JSON.stringify(record.guardrails),
    ramp: JSON.stringify(record.ramp),
    createdAt: record.createdAt.getTime(),
    startedAt: record.startedAt?.getTime() ?? null,
    endedAt: record.endedAt?.getTime() ?? null,
    decision: record.decision === null ? null : JSON.stringify(record.decision),
  }
}

function toRecord(row: ExperimentRow): ExperimentRecord {
  return {
    key: row.key,
    skill: row.skill,
    seed: row.seed,
    status: row.status,
    variants: JSON.parse(row.variants) as ExperimentVariant[],
    coverage: row.coverage,
    primaryMetric: row.primary_metric,
    guardrails: JSON.parse(row.guardrails) as ExperimentGuardrail[],
    ramp: JSON.parse(row.ramp) as ExperimentRampStep[],
    createdAt: new Date(row.created_at),
    startedAt: row.started_at === null ? null : new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    decision: row.decision === null ? null : (JSON.parse(row.decision) as ExperimentDecision),
  }
}
