// Building, merging and reading sufficient statistics { n, Σx, Σx² }.
import type { MetricKind, SufficientStats } from './types.js'

/** Statistics of no observations. */
export const emptyStats: SufficientStats = Object.freeze({ n: 0, sum: 0, sumSquares: 0 })

/** The statistics of a list of observations. */
export function statsFromValues(values: Iterable<number>): SufficientStats {
  let n = 0
  let sum = 0
  let sumSquares = 0
  for (const value of values) {
    n += 1
    sum += value
    sumSquares += value * value
  }
  return { n, sum, sumSquares }
}

/** The statistics of `a` and `b` together (batches, days, replicas). */
export function mergeStats(a: SufficientStats, b: SufficientStats): SufficientStats {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares }
}

/** One observation added to `stats`. */
export function addObservation(stats: SufficientStats, value: number): SufficientStats {
  return { n: stats.n + 1, sum: stats.sum + value, sumSquares: stats.sumSquares + value * value }
}

/** One `{ arm, value }` observation, the shape outcome events are reduced to. */
export interface ArmObservation {
  readonly arm: number
  readonly value: number
}

/**
 * Reduces observations to one `SufficientStats` per arm `0 … arms − 1` in a single pass;
 * observations of other arms are ignored.
 */
export function aggregateByArm(
  observations: Iterable<ArmObservation>,
  arms: number,
): SufficientStats[] {
  const n = new Float64Array(arms)
  const sum = new Float64Array(arms)
  const sumSquares = new Float64Array(arms)
  for (const { arm, value } of observations) {
    if (!(arm >= 0 && arm < arms)) continue
    n[arm] = (n[arm] ?? 0) + 1
    sum[arm] = (sum[arm] ?? 0) + value
    sumSquares[arm] = (sumSquares[arm] ?? 0) + value * value
  }
  return Array.from({ length: arms }, (_, i) => ({
    n: n[i] ?? 0,
    sum: sum[i] ?? 0,
    sumSquares: sumSquares[i] ?? 0,
  }))
}

/** Σx / n (NaN without observations). */
export function statsMean(stats: SufficientStats): number {
  return stats.n > 0 ? stats.sum / stats.n : Number.NaN
}

/**
 * The variance of one unit: for `'mean'` the sample variance (Σx² − (Σx)²/n)/(n − 1), clamped at 0
 * against rounding (NaN below 2 observations); for `'proportion'` p(1 − p) with p = Σx/n.
 */
export function statsVariance(stats: SufficientStats, kind: MetricKind = 'mean'): number {
  if (kind === 'proportion') {
    if (stats.n <= 0) return Number.NaN
    const p = stats.sum / stats.n
    return p * (1 - p)
  }
  if (stats.n < 2) return Number.NaN
  const variance = (stats.sumSquares - (stats.sum * stats.sum) / stats.n) / (stats.n - 1)
  return variance > 0 ? variance : 0
}

/** Throws a RangeError for statistics no data could produce (negative or fractional counts…). */
export function assertStats(stats: SufficientStats, name: string): void {
  const { n, sum, sumSquares } = stats
  if (!(Number.isInteger(n) && n >= 0 && Number.isFinite(sum) && Number.isFinite(sumSquares))) {
    throw new RangeError(`${name}: n must be a non-negative integer and the sums finite`)
  }
  if (sumSquares < 0) throw new RangeError(`${name}: sumSquares must not be negative`)
}
