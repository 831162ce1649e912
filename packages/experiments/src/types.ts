// Plain data shared by the modules of @skillship/experiments.

/**
 * Sufficient statistics of one metric in one arm: the number of units, Σx and Σx². Everything the
 * analysis needs; they add up across batches, days and replicas (see `mergeStats`). For a 0/1
 * metric `sum` is the number of successes and equals `sumSquares`.
 */
export interface SufficientStats {
  readonly n: number
  readonly sum: number
  readonly sumSquares: number
}

/** A half-open interval `[start, end)` of the unit interval, one per variation. */
export type BucketRange = readonly [start: number, end: number]

/** A closed interval `[lower, upper]`; either end may be infinite. */
export type Interval = readonly [lower: number, upper: number]

/**
 * How the variance of a metric is estimated from its sufficient statistics: `'mean'` uses the
 * sample variance (Σx² − (Σx)²/n)/(n − 1); `'proportion'` uses p(1 − p) with p = Σx/n.
 */
export type MetricKind = 'mean' | 'proportion'

/** Absolute: treatment mean − control mean. Relative: (treatment − control)/|control| (the lift). */
export type DifferenceType = 'absolute' | 'relative'

/** Why an analysis could not produce an estimate. */
export type AnalysisIssue = 'not-enough-data' | 'zero-variance' | 'baseline-zero'

/** The result of an analysis that could not run, with the reason. */
export interface NoEstimate {
  readonly ok: false
  readonly reason: AnalysisIssue
}

/** Options shared by the two-arm analyses. */
export interface EffectOptions {
  /** Default `'absolute'` for tests and guardrails, `'relative'` for the Bayesian summary. */
  readonly difference?: DifferenceType
  /** Default `'mean'`. */
  readonly kind?: MetricKind
}
