import type {
  ExperimentDecision,
  ExperimentGuardrail,
  ExperimentRampStep,
  ExperimentStatus,
  ExperimentVariant,
} from '@skillship/registry-client'
import type { Pool, PoolClient } from 'pg'
import {
  type ArmObservation,
  assertObservationValues,
  type ExperimentRecord,
  type ExperimentStore,
  type ExperimentTransition,
} from '../../experiments/experiment-store.js'
import { appendActivityInTransaction } from './postgres-activity-store.js'
import { createPostgresContext, type PostgresContext } from './postgres-context.js'
import { withTransaction } from './with-transaction.js'

// Row shapes as pg decodes them: timestamptz -> Date, jsonb -> parsed JSON, float8 -> number,
// bigint -> string.

/** An `experiments` row. */
interface ExperimentRow {
  readonly key: string
  readonly skill: string
  readonly seed: string
  readonly status: ExperimentStatus
  readonly variants: ExperimentVariant[]
  readonly coverage: number
  readonly primary_metric: string
  readonly guardrails: ExperimentGuardrail[]
  readonly ramp: ExperimentRampStep[]
  readonly created_at: Date
  readonly started_at: Date | null
  readonly ended_at: Date | null
  readonly decision: ExperimentDecision | null
}

const columns = `key, skill, seed, status, variants, coverage, primary_metric, guardrails, ramp,
  created_at, started_at, ended_at, decision`

const insertExperiment = `
INSERT INTO experiments (${columns})
VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13::jsonb)
ON CONFLICT (key) DO NOTHING`

const selectExperiment = `SELECT ${columns} FROM experiments WHERE key = $1`
const selectAll = `SELECT ${columns} FROM experiments ORDER BY created_at, key`
const selectBySkill = `SELECT ${columns} FROM experiments WHERE skill = $1 ORDER BY created_at, key`
const selectRunning = `SELECT ${columns} FROM experiments WHERE skill = $1 AND status = 'running'`

// A move into `running` stamps started_at (once); a move into a final status stamps ended_at.
const transition = `
UPDATE experiments SET
  status = $3,
  started_at = CASE WHEN $3 = 'running' THEN coalesce(started_at, $4) ELSE started_at END,
  ended_at = CASE WHEN $3 IN ('stopped', 'rolled-back', 'promoted') THEN $4 ELSE ended_at END,
  decision = coalesce($5::jsonb, decision)
WHERE key = $1 AND status = $2`

// Two replicas starting two drafts of one skill at once: the partial unique index makes the
// second wait for the first and then fail with unique_violation, reported as 'conflict'.
const startDraft = `
UPDATE experiments SET status = 'running', started_at = $2
WHERE key = $1 AND status = 'draft'`

const oneRunningIndex = 'experiments_one_running_per_skill'

const insertAssignment = `
INSERT INTO experiment_assignments (experiment, user_id, variant) VALUES ($1, $2, $3)
ON CONFLICT (experiment, user_id) DO NOTHING
RETURNING variant`
const selectAssignment = `
SELECT variant FROM experiment_assignments WHERE experiment = $1 AND user_id = $2`
const countAssignments = `
SELECT variant, count(*)::integer AS users FROM experiment_assignments
WHERE experiment = $1 GROUP BY variant ORDER BY variant`

// One statement per batch. Input repeats of an id are dropped first; the ids are inserted, and
// only those the insert returns (never seen before) are summed into arm_stats, in the same
// statement, so the ids and the statistics cannot disagree. Ids and stats rows are written in
// sorted order so that concurrent batches take their locks in one order and cannot deadlock.
const addObservationsSql = `
WITH input AS (
  SELECT DISTINCT ON (experiment, id) experiment, id, variant, metric, value
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[])
    WITH ORDINALITY AS o(experiment, id, variant, metric, value, position)
  ORDER BY experiment, id, position
),
fresh AS (
  INSERT INTO experiment_observations (experiment, id)
  SELECT experiment, id FROM input ORDER BY experiment, id
  ON CONFLICT (experiment, id) DO NOTHING
  RETURNING experiment, id
),
deltas AS (
  SELECT i.experiment, i.variant, i.metric, count(*) AS n, sum(i.value) AS sum,
    sum(i.value * i.value) AS sum_squares
  FROM input i JOIN fresh f ON f.experiment = i.experiment AND f.id = i.id
  GROUP BY i.experiment, i.variant, i.metric
),
added AS (
  INSERT INTO experiment_arm_stats (experiment, variant, metric, n, sum, sum_squares)
  SELECT experiment, variant, metric, n, sum, sum_squares FROM deltas
  ORDER BY experiment, variant, metric
  ON CONFLICT (experiment, variant, metric) DO UPDATE SET
    n = experiment_arm_stats.n + EXCLUDED.n,
    sum = experiment_arm_stats.sum + EXCLUDED.sum,
    sum_squares = experiment_arm_stats.sum_squares + EXCLUDED.sum_squares
  RETURNING 1
)
SELECT (SELECT count(*) FROM fresh)::integer AS accepted`

const selectArmStats = `
SELECT variant, metric, n, sum, sum_squares FROM experiment_arm_stats
WHERE experiment = $1 ORDER BY variant, metric`

// Taken when free, expired, or already held by `owner` (a renewal); otherwise left alone, and
// then no row is returned. ON CONFLICT serializes racing replicas on the lease row.
const acquireLeaseSql = `
INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
WHERE leases.expires_at <= $4 OR leases.owner = EXCLUDED.owner
RETURNING owner`

/**
 * Experiments in PostgreSQL over `pool` (the metadata store's, migrated by `migratePostgres`), for
 * one or many replicas. Every method is atomic: one statement, or (a write with its activity entry)
 * one transaction.
 * `label` (`host:port/database`) names the server in REGISTRY_STORAGE_UNAVAILABLE errors.
 */
export function createPostgresExperimentStore(pool: Pool, label: string): ExperimentStore {
  const context = createPostgresContext(pool, label, () => new Date())
  const { query } = context
  const readOne = async (sql: string, value: string): Promise<ExperimentRecord | undefined> => {
    const { rows } = await query<ExperimentRow>(sql, [value])
    return rows[0] === undefined ? undefined : toRecord(rows[0])
  }
  return {
    createExperiment: (record, activity) =>
      transaction(context, async (client) => {
        const { rowCount } = await client.query(insertExperiment, toParameters(record))
        if (rowCount !== 1) return 'exists'
        await appendActivityInTransaction(client, activity)
        return 'created'
      }),
    getExperiment: (key) => readOne(selectExperiment, key),
    async listExperiments(filter) {
      const { rows } =
        filter?.skill === undefined
          ? await query<ExperimentRow>(selectAll)
          : await query<ExperimentRow>(selectBySkill, [filter.skill])
      return rows.map(toRecord)
    },
    runningExperiment: (skill) => readOne(selectRunning, skill),
    transitionExperiment: (key, change) => applyTransition(context, key, change),
    async startExperiment(key, at, activity) {
      try {
        return await transaction(context, async (client) => {
          const { rowCount } = await client.query(startDraft, [key, at])
          if (rowCount !== 1) return 'not-draft'
          await appendActivityInTransaction(client, activity)
          return 'started'
        })
      } catch (error) {
        if (isOneRunningViolation(error)) return 'conflict'
        throw error
      }
    },
    ...createAssignmentQueries(context),
    ...createObservationQueries(context),
    async acquireLease(name, owner, ttlMs, now) {
      const expiresAt = new Date(now.getTime() + ttlMs)
      const { rowCount } = await query(acquireLeaseSql, [name, owner, expiresAt, now])
      return rowCount === 1
    },
  }
}

// Runs `work` in one transaction: a write and its activity entry commit together or not at all.
function transaction<T>(
  context: PostgresContext,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return context.guard(() => withTransaction(context.pool, work))
}

async function applyTransition(
  context: PostgresContext,
  key: string,
  change: ExperimentTransition,
): Promise<boolean> {
  const decision = change.decision === undefined ? null : JSON.stringify(change.decision)
  try {
    return await transaction(context, async (client) => {
      const values = [key, change.from, change.to, change.at, decision]
      if ((await client.query(transition, values)).rowCount !== 1) return false
      await appendActivityInTransaction(client, change.activity)
      return true
    })
  } catch (error) {
    // Into `running` while another experiment of the skill runs: refused like a stale `from`.
    if (isOneRunningViolation(error)) return false
    throw error
  }
}

function isOneRunningViolation(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown }
  return code === '23505' && constraint === oneRunningIndex
}

type AssignmentQueries = Pick<ExperimentStore, 'assign' | 'getAssignment' | 'assignmentCounts'>

function createAssignmentQueries({ query }: PostgresContext): AssignmentQueries {
  const read = async (experiment: string, user: string): Promise<string | undefined> => {
    const { rows } = await query<{ variant: string }>(selectAssignment, [experiment, user])
    return rows[0]?.variant
  }
  return {
    // First write wins. When the insert yields to a stored row (or to a concurrent insert, which
    // ON CONFLICT waits for until it commits), the SELECT, a new statement with a new snapshot
    // under READ COMMITTED, sees the winner. Assignments are never updated or removed.
    async assign(experiment, user, variant) {
      const inserted = await query<{ variant: string }>(insertAssignment, [
        experiment,
        user,
        variant,
      ])
      const stored = inserted.rows[0]?.variant ?? (await read(experiment, user))
      if (stored === undefined) throw new Error(`assignment of ${user} in ${experiment} vanished`)
      return stored
    },
    getAssignment: read,
    async assignmentCounts(experiment) {
      const { rows } = await query<{ variant: string; users: number }>(countAssignments, [
        experiment,
      ])
      return Object.fromEntries(rows.map((row) => [row.variant, row.users]))
    },
  }
}

type ObservationQueries = Pick<ExperimentStore, 'addObservations' | 'armStats'>

interface ArmStatsRow {
  readonly variant: string
  readonly metric: string
  readonly n: string
  readonly sum: number
  readonly sum_squares: number
}

function createObservationQueries({ query }: PostgresContext): ObservationQueries {
  return {
    async addObservations(observations) {
      assertObservationValues(observations)
      if (observations.length === 0) return { accepted: 0, duplicates: 0 }
      const { rows } = await query<{ accepted: number }>(
        addObservationsSql,
        observationArrays(observations),
      )
      const accepted = rows[0]?.accepted ?? 0
      return { accepted, duplicates: observations.length - accepted }
    },
    async armStats(experiment) {
      const { rows } = await query<ArmStatsRow>(selectArmStats, [experiment])
      return rows.map((row) => ({
        variant: row.variant,
        metric: row.metric,
        n: Number(row.n),
        sum: row.sum,
        sumSquares: row.sum_squares,
      }))
    },
  }
}

function observationArrays(observations: readonly ArmObservation[]): unknown[] {
  return [
    observations.map((o) => o.experiment),
    observations.map((o) => o.id),
    observations.map((o) => o.variant),
    observations.map((o) => o.metric),
    observations.map((o) => o.value),
  ]
}

function toParameters(record: ExperimentRecord): unknown[] {
  return [
    record.key,
    record.skill,
    record.seed,
    record.status,
    JSON.stringify(record.variants),
    record.coverage,
    record.primaryMetric,
    JSON.stringify(record.guardrails),
    JSON.stringify(record.ramp),
    record.createdAt,
    record.startedAt,
    record.endedAt,
    record.decision === null ? null : JSON.stringify(record.decision),
  ]
}

function toRecord(row: ExperimentRow): ExperimentRecord {
  return {
    key: row.key,
    skill: row.skill,
    seed: row.seed,
    status: row.status,
    variants: row.variants,
    coverage: row.coverage,
    primaryMetric: row.primary_metric,
    guardrails: row.guardrails,
    ramp: row.ramp,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    decision: row.decision,
  }
}
