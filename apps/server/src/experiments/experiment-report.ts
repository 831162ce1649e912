import {
  emptyStats,
  type GuardrailResult,
  gaussianBayesian,
  guardrailDecision,
  type MetricKind,
  msprtTest,
  type SufficientStats,
  sampleRatioMismatch,
} from '@skillship/experiments'
import type {
  ExperimentArmReport,
  ExperimentGuardrail,
  ExperimentReport,
  MetricComparison,
} from '@skillship/registry-client'
import type { ArmMetricStats, ExperimentRecord } from './experiment-store.js'
import { toExperimentDocument } from './to-experiment-document.js'

/** SRM: an alarm needs p below this and at least `srmMinUsersPerArm` users in every arm. */
export const srmThreshold = 0.001
export const srmMinUsersPerArm = 50
/** Significance of the primary metric's lift (always-valid p-value) for a default promotion. */
export const promoteAlpha = 0.05

/** An arm with more observations of a metric than this many per assigned user is not trusted. */
export const maxEventsPerUser = 50
/** Nor one with this many times the observations per user of the other arm (each with ≥ 50). */
export const maxEventsPerUserRatio = 3
const minEventsForRatio = 50

/**
 * Why the data of `metric` in a control/treatment pair fail basic sanity, or undefined: an arm
 * with far more observations than users were assigned to it (events about users the arm never
 * served are dropped at ingestion already), or one arm with many times the observations per
 * user of the other. The evaluator decides nothing on such data.
 */
export function armDataProblem(
  arms: readonly { variant: string; users: number; stats: SufficientStats }[],
): string | undefined {
  for (const { variant, users, stats } of arms) {
    if (stats.n > maxEventsPerUser * Math.max(users, 1)) {
      return `${stats.n} events from ${users} users in ${variant}: more than ${maxEventsPerUser} per user`
    }
  }
  const [first, second] = arms
  if (first === undefined || second === undefined) return undefined
  if (first.stats.n < minEventsForRatio || second.stats.n < minEventsForRatio) return undefined
  const perUser = (arm: typeof first) => arm.stats.n / Math.max(arm.users, 1)
  const [high, low] = perUser(first) >= perUser(second) ? [first, second] : [second, first]
  if (perUser(high) <= maxEventsPerUserRatio * perUser(low)) return undefined
  return `${high.variant} has ${perUser(high).toFixed(1)} events per user against ${perUser(low).toFixed(1)} in ${low.variant}: more than ${maxEventsPerUserRatio} times`
}

/** The statistics of `metric` in `variant` (empty when nothing was observed). */
export function statsOf(
  stats: readonly ArmMetricStats[],
  variant: string,
  metric: string,
): SufficientStats {
  const found = stats.find((entry) => entry.variant === variant && entry.metric === metric)
  return found === undefined
    ? emptyStats
    : { n: found.n, sum: found.sum, sumSquares: found.sumSquares }
}

/**
 * 0/1 metrics (every value 0 or 1 gives Σx = Σx² ≤ n) use the proportion variance p(1 − p); any
 * other metric the sample variance.
 */
export function metricKind(...arms: readonly SufficientStats[]): MetricKind {
  return arms.every((s) => s.sum === s.sumSquares && s.sum >= 0 && s.sum <= s.n)
    ? 'proportion'
    : 'mean'
}

/** Lift of `treatment` over `control` on `metric`: msprt interval and p, Bayesian chance to win. */
export function compareMetric(
  metric: string,
  variant: string,
  control: SufficientStats,
  treatment: SufficientStats,
  lowerIsBetter = false,
): MetricComparison {
  const kind = metricKind(control, treatment)
  const sequential = msprtTest(control, treatment, { difference: 'relative', kind })
  const bayesian = gaussianBayesian(control, treatment, {
    difference: 'relative',
    kind,
    lowerIsBetter,
  })
  return {
    metric,
    variant,
    controlMean: control.n > 0 ? control.sum / control.n : null,
    variantMean: treatment.n > 0 ? treatment.sum / treatment.n : null,
    lift: sequential.ok ? sequential.estimate : null,
    liftInterval: sequential.ok ? [sequential.interval[0], sequential.interval[1]] : null,
    pValue: sequential.ok ? sequential.pValue : null,
    chanceToWin: bayesian.ok ? bayesian.chanceToWin : null,
  }
}

/** The one-sided sequential guardrail test of `guardrail` for one treatment arm. */
export function checkGuardrail(
  guardrail: ExperimentGuardrail,
  control: SufficientStats,
  treatment: SufficientStats,
  previous?: GuardrailResult,
): GuardrailResult {
  return guardrailDecision(control, treatment, {
    kind: metricKind(control, treatment),
    higherIsWorse: guardrail.direction === 'lower-is-better',
    ...(previous === undefined ? {} : { previous }),
  })
}

/** Users per arm in variant order, and the SRM test against the configured weights. */
export function srmOf(experiment: ExperimentRecord, counts: Readonly<Record<string, number>>) {
  const users = experiment.variants.map((variant) => counts[variant.key] ?? 0)
  return sampleRatioMismatch(
    users,
    experiment.variants.map((variant) => variant.weight),
    { threshold: srmThreshold, minUnitsPerArm: srmMinUsersPerArm },
  )
}

/**
 * `GET /v1/experiments/:key/report`: per arm the distinct users and every metric's sufficient
 * statistics; per treatment arm the primary metric's lift (always-valid mSPRT interval and
 * p-value, Gaussian chance to win) and each guardrail's state; the SRM p-value (null until every
 * arm has users).
 */
export function buildExperimentReport(
  experiment: ExperimentRecord,
  counts: Readonly<Record<string, number>>,
  stats: readonly ArmMetricStats[],
): ExperimentReport {
  const arms: ExperimentArmReport[] = experiment.variants.map((variant) => {
    const metrics: Record<string, { n: number; sum: number; sumSquares: number }> = {}
    for (const entry of stats) {
      if (entry.variant === variant.key) {
        metrics[entry.metric] = { n: entry.n, sum: entry.sum, sumSquares: entry.sumSquares }
      }
    }
    return {
      variant: variant.key,
      version: variant.version,
      users: counts[variant.key] ?? 0,
      metrics,
    }
  })
  const control = experiment.variants[0]?.key ?? 'control'
  const treatments = experiment.variants.slice(1)
  const primary = treatments.map((variant) =>
    compareMetric(
      experiment.primaryMetric,
      variant.key,
      statsOf(stats, control, experiment.primaryMetric),
      statsOf(stats, variant.key, experiment.primaryMetric),
    ),
  )
  const srm = srmOf(experiment, counts)
  const guardrails = experiment.guardrails.flatMap((guardrail) =>
    treatments.map((variant) => ({
      metric: guardrail.metric,
      variant: variant.key,
      state: checkGuardrail(
        guardrail,
        statsOf(stats, control, guardrail.metric),
        statsOf(stats, variant.key, guardrail.metric),
      ).decision,
    })),
  )
  return {
    experiment: toExperimentDocument(experiment),
    arms,
    primary,
    srmPValue: srm.enoughData ? srm.pValue : null,
    guardrails,
  }
}

/**
 * The treatment a default `promote` picks: the largest positive primary lift whose always-valid
 * p-value is below {@link promoteAlpha}; undefined when none is significant.
 */
export function bestSignificantVariant(report: ExperimentReport): string | undefined {
  let best: MetricComparison | undefined
  for (const comparison of report.primary) {
    if (comparison.lift === null || comparison.pValue === null) continue
    if (comparison.lift <= 0 || comparison.pValue >= promoteAlpha) continue
    if (best === undefined || (best.lift ?? 0) < comparison.lift) best = comparison
  }
  return best?.variant
}
