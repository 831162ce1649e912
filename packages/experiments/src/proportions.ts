// Proportions, the Bernoulli special case: a 0/1 metric's sufficient statistics are
// { n: trials, sum: successes, sumSquares: successes }, and the two-proportion z-test.
import { normalQuantile, normalSf } from './distributions.js'
import { assertStats } from './sufficient-stats.js'
import type { Interval, NoEstimate, SufficientStats } from './types.js'

/** The sufficient statistics of `successes` out of `trials` 0/1 outcomes. */
export function bernoulliStats(successes: number, trials: number): SufficientStats {
  if (!(Number.isInteger(successes) && Number.isInteger(trials) && successes >= 0)) {
    throw new RangeError('successes and trials must be non-negative integers')
  }
  if (successes > trials) throw new RangeError('successes must not exceed trials')
  return { n: trials, sum: successes, sumSquares: successes }
}

/** Options of `twoProportionTest`. */
export interface ProportionOptions {
  /** Two-sided level; intervals cover 1 − alpha. Default 0.05. */
  readonly alpha?: number
}

/** The two-proportion z-test of treatment against control. */
export interface ProportionResult {
  readonly ok: true
  readonly controlRate: number
  readonly treatmentRate: number
  /** p_t − p_c. */
  readonly difference: number
  /** (p_t − p_c)/se₀ with the pooled se₀ = √(p̄(1 − p̄)(1/n_c + 1/n_t)). */
  readonly z: number
  /** Two-sided p-value erfc(|z|/√2). */
  readonly pValue: number
  /** Wald interval with the unpooled se = √(p_c(1 − p_c)/n_c + p_t(1 − p_t)/n_t). */
  readonly interval: Interval
  /** p_t/p_c − 1 with its delta-method normal interval; null when p_c = 0. */
  readonly relative: {
    readonly estimate: number
    readonly standardError: number
    readonly interval: Interval
  } | null
}

/**
 * The two-proportion z-test (pooled variance under H0, as statsmodels `proportions_ztest` and
 * R `prop.test(correct = FALSE)`), a Wald interval for the difference and a delta-method interval
 * for the relative lift. `sum` of each arm is its number of successes.
 */
export function twoProportionTest(
  control: SufficientStats,
  treatment: SufficientStats,
  options: ProportionOptions = {},
): ProportionResult | NoEstimate {
  assertStats(control, 'control')
  assertStats(treatment, 'treatment')
  if (
    control.sum > control.n ||
    treatment.sum > treatment.n ||
    control.sum < 0 ||
    treatment.sum < 0
  ) {
    throw new RangeError('a proportion needs 0 ≤ successes (sum) ≤ trials (n)')
  }
  if (control.n < 1 || treatment.n < 1) return { ok: false, reason: 'not-enough-data' }
  const pc = control.sum / control.n
  const pt = treatment.sum / treatment.n
  const pooled = (control.sum + treatment.sum) / (control.n + treatment.n)
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / treatment.n))
  if (!(se0 > 0)) return { ok: false, reason: 'zero-variance' }
  const difference = pt - pc
  const z = difference / se0
  const zq = normalQuantile(1 - (options.alpha ?? 0.05) / 2)
  const wc = (pc * (1 - pc)) / control.n
  const wt = (pt * (1 - pt)) / treatment.n
  const half = zq * Math.sqrt(wc + wt)
  let relative: ProportionResult['relative'] = null
  if (pc > 0) {
    const estimate = pt / pc - 1
    const standardError = Math.sqrt(wt / (pc * pc) + (wc * pt * pt) / pc ** 4)
    relative = {
      estimate,
      standardError,
      interval: [estimate - zq * standardError, estimate + zq * standardError],
    }
  }
  return {
    ok: true,
    controlRate: pc,
    treatmentRate: pt,
    difference,
    z,
    pValue: Math.min(1, 2 * normalSf(Math.abs(z))),
    interval: [difference - half, difference + half],
    relative,
  }
}
