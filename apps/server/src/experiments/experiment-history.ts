import { emptyStats, type SufficientStats } from '@skillship/experiments'
import type {
  ExperimentHistory,
  HistoryArm,
  HistoryPoint,
  LiftInterval,
} from '@skillship/registry-client'
import type { ArmSnapshot, ExperimentSnapshot, StatsStore } from '../stats/stats-store.js'
import { compareMetric, metricKind } from './experiment-report.js'
import type { ArmMetricStats, ExperimentRecord, ExperimentStore } from './experiment-store.js'

/**
 * `GET /v1/experiments/:key/history` from the stored daily snapshots: per day and arm the
 * primary metric's cumulative statistics, and per treatment the relative lift with its
 * always-valid interval (compareMetric, the report's statistics), computed per day.
 */
export function buildExperimentHistory(
  experiment: ExperimentRecord,
  snapshots: readonly ExperimentSnapshot[],
): ExperimentHistory {
  const metric = experiment.primaryMetric
  const points = snapshots.map((snapshot): HistoryPoint => {
    const stats = (variant: string) => primaryStats(snapshot.arms, variant, metric)
    const control = experiment.variants[0]?.key ?? 'control'
    const kind = metricKind(...experiment.variants.map((variant) => stats(variant.key)))
    const arms = experiment.variants.map((variant, index): HistoryArm => {
      const own = stats(variant.key)
      const lift = index === 0 ? undefined : liftOf(metric, variant.key, stats(control), own)
      return {
        key: variant.key,
        version: variant.version,
        users: snapshot.arms.find((arm) => arm.variant === variant.key)?.users ?? 0,
        n: own.n,
        sum: own.sum,
        sumSquares: own.sumSquares,
        ...(own.n > 0 ? { mean: own.sum / own.n } : {}),
        ...(kind === 'proportion' ? { conversions: own.sum } : {}),
        ...(lift === undefined ? {} : { lift }),
      }
    })
    const first = arms[1]?.lift
    return { day: snapshot.day, arms, ...(first === undefined ? {} : { lift: first }) }
  })
  return { id: experiment.key, metric, points }
}

/**
 * Stores today's snapshot of `experiment`: every arm's users and the cumulative statistics of the
 * primary metric and the guardrails, replacing an earlier snapshot of the same day.
 */
export async function snapshotExperiment(
  store: Pick<ExperimentStore, 'assignmentCounts' | 'armStats'>,
  stats: Pick<StatsStore, 'putExperimentSnapshot'>,
  experiment: ExperimentRecord,
  now: Date,
): Promise<void> {
  const [counts, armStats] = await Promise.all([
    store.assignmentCounts(experiment.key),
    store.armStats(experiment.key),
  ])
  const kept = new Set([experiment.primaryMetric, ...experiment.guardrails.map((g) => g.metric)])
  const arms = experiment.variants.map((variant) => ({
    variant: variant.key,
    users: counts[variant.key] ?? 0,
    metrics: metricsOf(armStats, variant.key, kept),
  }))
  await stats.putExperimentSnapshot(experiment.key, { day: now.toISOString().slice(0, 10), arms })
}

function metricsOf(
  stats: readonly ArmMetricStats[],
  variant: string,
  kept: ReadonlySet<string>,
): Record<string, SufficientStats> {
  const metrics: Record<string, SufficientStats> = {}
  for (const entry of stats) {
    if (entry.variant === variant && kept.has(entry.metric)) {
      metrics[entry.metric] = { n: entry.n, sum: entry.sum, sumSquares: entry.sumSquares }
    }
  }
  return metrics
}

function primaryStats(
  arms: readonly ArmSnapshot[],
  variant: string,
  metric: string,
): SufficientStats {
  const found = arms.find((arm) => arm.variant === variant)?.metrics[metric]
  return found === undefined ? emptyStats : found
}

function liftOf(
  metric: string,
  variant: string,
  control: SufficientStats,
  treatment: SufficientStats,
): LiftInterval | undefined {
  const comparison = compareMetric(metric, variant, control, treatment)
  if (comparison.lift === null || comparison.liftInterval === null) return undefined
  const [lower, upper] = comparison.liftInterval
  return { estimate: comparison.lift, lower, upper }
}
