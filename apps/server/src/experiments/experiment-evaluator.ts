import { randomUUID } from 'node:crypto'
import type { GuardrailResult } from '@skillship/experiments'
import type { Logger } from 'pino'
import type { StatsStore } from '../stats/stats-store.js'
import { type ExperimentActionDeps, rollbackExperiment } from './experiment-actions.js'
import { currentCoverage } from './experiment-arms.js'
import { snapshotExperiment } from './experiment-history.js'
import { armDataProblem, checkGuardrail, srmOf, statsOf } from './experiment-report.js'
import type { ExperimentRecord } from './experiment-store.js'

/** The lease only one replica's evaluator holds at a time. */
export const evaluatorLease = 'experiment-evaluator'
/** Default cadence of the evaluator. */
export const defaultEvaluatorIntervalMs = 5000

/** Options of {@link startExperimentEvaluator}. */
export interface EvaluatorOptions extends ExperimentActionDeps {
  readonly logger: Logger
  /** Time between two looks (default 5 s); the lease lives three intervals. */
  readonly intervalMs?: number
  /** This process's identity for the lease (default a random UUID). */
  readonly owner?: string
  /** Where the daily snapshots of experiments go (absent: none are taken). */
  readonly stats?: Pick<StatsStore, 'putExperimentSnapshot'>
  /** Least time between two snapshots of a running experiment (default 60 s). */
  readonly snapshotEveryMs?: number
}

const dayMs = 24 * 60 * 60 * 1000

/** A running evaluator: `evaluate` runs one look now (tests); `close` stops it. */
export interface ExperimentEvaluator {
  evaluate(): Promise<void>
  close(): Promise<void>
}

/**
 * Every `intervalMs` (an unref'd timer, one look at a time), when this replica holds the
 * `experiment-evaluator` lease: for each running experiment, rolls back on a sample-ratio mismatch
 * (p < 0.001 with at least 50 users in every arm) or on any guardrail shown worse in any
 * treatment arm (one-sided always-valid test, α = 0.05; bounds carried from look to look), and
 * logs the ramp steps that came into force. A guardrail whose arm data fail basic sanity
 * (`armDataProblem`) decides nothing: the reason is logged once, while it lasts. Failures are
 * logged; the next look retries. With `stats`, it also stores today's snapshot of each running
 * experiment at most every `snapshotEveryMs`, and a last one, on the day it ended, of each
 * experiment that ended within a day (experiment-history.ts).
 */
export function startExperimentEvaluator(options: EvaluatorOptions): ExperimentEvaluator {
  const { service, logger } = options
  const intervalMs = options.intervalMs ?? defaultEvaluatorIntervalMs
  const owner = options.owner ?? randomUUID()
  const previous = new Map<string, GuardrailResult>()
  const coverages = new Map<string, number>()
  const ignored = new Set<string>()
  const ignore: IgnoreGuardrail = (id, fields, reason) => {
    if (reason === undefined) {
      ignored.delete(id)
    } else if (!ignored.has(id)) {
      ignored.add(id)
      logger.warn({ ...fields, reason }, 'guardrail ignored: its arm data fail basic sanity')
    }
  }
  const snapshot = snapshotter(options)
  let running: Promise<void> = Promise.resolve()
  let busy = false
  let closed = false

  const rollBack = async (experiment: ExperimentRecord, reason: string) => {
    logger.warn({ experiment: experiment.key, reason }, 'experiment rolled back by the evaluator')
    try {
      await rollbackExperiment(options, experiment, reason, 'evaluator')
    } catch (error) {
      // Ended meanwhile by someone else: nothing to do.
      logger.info({ err: error, experiment: experiment.key }, 'rollback not applied')
    }
  }

  const lookAt = async (experiment: ExperimentRecord): Promise<void> => {
    const coverage = currentCoverage(experiment, service.now())
    const before = coverages.get(experiment.key)
    if (before !== undefined && before !== coverage) {
      logger.info({ experiment: experiment.key, coverage }, 'experiment ramp step applied')
    }
    coverages.set(experiment.key, coverage)
    const reason = await rollbackReason(service, experiment, previous, ignore)
    if (reason !== undefined) await rollBack(experiment, reason)
  }

  const look = async (): Promise<void> => {
    if (closed) return
    try {
      const now = service.now()
      if (!(await service.store.acquireLease(evaluatorLease, owner, intervalMs * 3, now))) return
      const experiments = await service.store.listExperiments()
      for (const experiment of experiments) {
        if (experiment.status === 'running') await lookAt(experiment)
        await snapshot(experiment, service.now())
      }
    } catch (error) {
      logger.error({ err: error }, 'experiment evaluation failed')
    }
  }

  const evaluate = (): Promise<void> => {
    busy = true
    running = running.then(look).finally(() => {
      busy = false
    })
    return running
  }
  // A slow look is never stacked behind another: the timer skips while one runs.
  const timer = setInterval(() => {
    if (!busy) void evaluate()
  }, intervalMs)
  timer.unref()
  return {
    evaluate,
    async close() {
      closed = true
      clearInterval(timer)
      await running
    },
  }
}

// Snapshots of running experiments, throttled, and a last one of each that ended within a day
// (its end day's snapshot replaced by the final statistics). A failure is logged, never fatal.
function snapshotter(
  options: EvaluatorOptions,
): (experiment: ExperimentRecord, now: Date) => Promise<void> {
  const { stats, service, logger } = options
  const every = options.snapshotEveryMs ?? 60_000
  const taken = new Map<string, number>()
  return async (experiment, now) => {
    if (stats === undefined) return
    const last = taken.get(experiment.key)
    const ended = experiment.endedAt
    const due =
      experiment.status === 'running'
        ? last === undefined || now.getTime() - last >= every
        : ended !== null && now.getTime() - ended.getTime() < dayMs && last !== -1
    if (!due) return
    try {
      await snapshotExperiment(service.store, stats, experiment, ended ?? now)
      taken.set(experiment.key, experiment.status === 'running' ? now.getTime() : -1)
    } catch (error) {
      logger.warn({ err: error, experiment: experiment.key }, 'could not snapshot the experiment')
    }
  }
}

type IgnoreGuardrail = (
  id: string,
  fields: { experiment: string; variant: string; metric: string },
  reason: string | undefined,
) => void

/**
 * Why `experiment` must roll back now, or undefined: an SRM alarm, or the first guardrail shown
 * worse in a treatment arm whose data pass `armDataProblem` (others go to `ignore`). `previous`
 * carries each guardrail's bounds from look to look.
 */
async function rollbackReason(
  service: ExperimentActionDeps['service'],
  experiment: ExperimentRecord,
  previous: Map<string, GuardrailResult>,
  ignore: IgnoreGuardrail,
): Promise<string | undefined> {
  const [counts, stats] = await Promise.all([
    service.store.assignmentCounts(experiment.key),
    service.store.armStats(experiment.key),
  ])
  const srm = srmOf(experiment, counts)
  if (srm.mismatch) {
    const users = experiment.variants.map((variant) => counts[variant.key] ?? 0).join('/')
    return `sample ratio mismatch: users ${users}, p = ${srm.pValue.toPrecision(3)}`
  }
  const control = experiment.variants[0]?.key ?? 'control'
  for (const variant of experiment.variants.slice(1)) {
    for (const guardrail of experiment.guardrails) {
      const id = `${experiment.key}\n${variant.key}\n${guardrail.metric}`
      const treatment = statsOf(stats, variant.key, guardrail.metric)
      const baseline = statsOf(stats, control, guardrail.metric)
      const problem = armDataProblem([
        { variant: control, users: counts[control] ?? 0, stats: baseline },
        { variant: variant.key, users: counts[variant.key] ?? 0, stats: treatment },
      ])
      const fields = { experiment: experiment.key, variant: variant.key, metric: guardrail.metric }
      ignore(id, fields, problem)
      if (problem !== undefined) continue
      const result = checkGuardrail(guardrail, baseline, treatment, previous.get(id))
      previous.set(id, result)
      if (result.decision === 'worse') {
        return `guardrail ${guardrail.metric} is worse in ${variant.key} (difference ${result.harm.toPrecision(3)}, lower bound ${result.lowerBound.toPrecision(3)}, ${treatment.n} observations)`
      }
    }
  }
  return undefined
}
