import {
  type ExperimentDecision,
  type ExperimentGuardrail,
  type ExperimentRampStep,
  type ExperimentStatus,
  type ExperimentVariant,
  maxMetricValue,
} from '@skillship/registry-client'
import type { NewActivity } from '../activity/activity-store.js'

/** An experiment as stored (dates as Date). */
export interface ExperimentRecord {
  readonly key: string
  readonly skill: string
  readonly seed: string
  readonly status: ExperimentStatus
  readonly variants: readonly ExperimentVariant[]
  readonly coverage: number
  readonly primaryMetric: string
  readonly guardrails: readonly ExperimentGuardrail[]
  readonly ramp: readonly ExperimentRampStep[]
  readonly createdAt: Date
  readonly startedAt: Date | null
  readonly endedAt: Date | null
  readonly decision: ExperimentDecision | null
}

/** A change of an experiment's state; applied only while its status is still `from`. */
export interface ExperimentTransition {
  readonly from: ExperimentStatus
  readonly to: ExperimentStatus
  readonly at: Date
  readonly decision?: ExperimentDecision
  /** The activity log's entry of this ending, appended in its transaction when it happens. */
  readonly activity?: NewActivity
}

/** One counted observation of a metric in an arm (an outcome event, or an automatic guardrail). */
export interface ArmObservation {
  /** Unique id: an observation whose id was stored before is a duplicate and counts nothing. */
  readonly id: string
  readonly experiment: string
  readonly variant: string
  readonly metric: string
  readonly value: number
}

/**
 * Throws a RangeError, before anything is written, when an observation's value is not a finite
 * number within ±maxMetricValue: the routes refuse such values, so one reaching storage is a bug,
 * and with the bound no stored sum or sum of squares can overflow. Both stores call it.
 */
export function assertObservationValues(observations: readonly ArmObservation[]): void {
  for (const { id, value } of observations) {
    if (!Number.isFinite(value) || Math.abs(value) > maxMetricValue) {
      throw new RangeError(`Observation ${id} has the value ${value}, outside ±${maxMetricValue}`)
    }
  }
}

/** Count, sum and sum of squares per experiment, arm and metric. */
export interface ArmMetricStats {
  readonly variant: string
  readonly metric: string
  readonly n: number
  readonly sum: number
  readonly sumSquares: number
}

/**
 * Storage of experiments, shared by every replica (SQLite embedded, or PostgreSQL): both engines
 * run apps/server/test/contract/experiment-store.contract.ts. Every method is atomic.
 */
export interface ExperimentStore {
  /**
   * 'exists' when the key is taken (appending nothing). `activity`, when given, is appended in the
   * transaction that stores the experiment (as for every write taking one below).
   */
  createExperiment(record: ExperimentRecord, activity?: NewActivity): Promise<'created' | 'exists'>
  getExperiment(key: string): Promise<ExperimentRecord | undefined>
  /** Ordered by `createdAt`, then `key`. */
  listExperiments(filter?: { readonly skill?: string }): Promise<ExperimentRecord[]>
  /** The running experiment of a skill (at most one runs per skill at a time). */
  runningExperiment(skill: string): Promise<ExperimentRecord | undefined>
  /**
   * Moves `key` from `transition.from` to `transition.to`; false when its status was not `from`
   * (or the key is unknown). Into a final status (stopped, rolled-back, promoted) it sets `endedAt`
   * to `at`; into `running` it sets `startedAt` when unset, and returns false when another
   * experiment of the skill runs. `decision`, when given, replaces the stored one.
   */
  transitionExperiment(key: string, transition: ExperimentTransition): Promise<boolean>
  /**
   * Moves a draft to `running` with `startedAt = at`. Starting fails ('conflict') when another
   * experiment of the same skill is running, also when two replicas start two drafts at once;
   * 'not-draft' when `key` is not a draft (or unknown).
   */
  startExperiment(
    key: string,
    at: Date,
    activity?: NewActivity,
  ): Promise<'started' | 'conflict' | 'not-draft'>
  /**
   * Sticky assignment, first write wins: stores `variant` for (experiment, user) unless one is
   * stored, and returns the stored one, so concurrent first requests on any replica agree.
   */
  assign(experiment: string, user: string, variant: string): Promise<string>
  getAssignment(experiment: string, user: string): Promise<string | undefined>
  /** Distinct users assigned per variant; variants without users are absent. */
  assignmentCounts(experiment: string): Promise<Record<string, number>>
  /**
   * Counts each observation once (by id, per experiment) into its arm's statistics, in one
   * transaction with the ids. `duplicates` = observations not counted (ids seen before, or repeated
   * within the batch). Every observation's experiment must exist. Batches of up to ~1,000.
   * A value that is not finite or beyond ±maxMetricValue rejects the whole batch with a RangeError
   * ({@link assertObservationValues}), nothing written.
   */
  addObservations(
    observations: readonly ArmObservation[],
  ): Promise<{ readonly accepted: number; readonly duplicates: number }>
  /** Ordered by variant, then metric; empty before any observation. */
  armStats(experiment: string): Promise<ArmMetricStats[]>
  /**
   * A lease `name` held by `owner` until now + ttlMs; true when `owner` holds it after the call
   * (taken free, expired, or renewed by its holder). One evaluator among many replicas. A lease
   * is expired from its expiry instant on (`expiresAt <= now`).
   */
  acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean>
}
