// Always-valid inference: the mixture sequential probability ratio test (mSPRT) with a normal
// mixture (Johari, Pekelis & Walsh 2022), whose p-value and interval may be looked at after every
// event without inflating the error rate. The mixture variance is tuned as GrowthBook does
// (Waudby-Smith et al. 2023; Howard et al. 2021): tightest around N* units.
import { estimateEffect } from './effect.js'
import type { EffectOptions, Interval, NoEstimate, SufficientStats } from './types.js'

/** Default N*: the total number of units at which the interval should be tightest. */
export const defaultNStar = 5000

/**
 * ρ² = (−2 ln α + ln(−2 ln α + 1)) / N*, the mixture precision per unit that minimises the width
 * of the normal-mixture boundary at N = N* (pass 2α for a one-sided boundary).
 */
export function mixtureRho2(alpha: number, nStar: number): number {
  const l = -2 * Math.log(alpha)
  return (l + Math.log(l + 1)) / nStar
}

/**
 * The mixture variance τ² of the effect: τ² = ρ²·s², where s² = se²·N is the variance of one
 * unit's contribution (N = units in both arms), so the prior on the effect is measured in units of
 * the metric's own spread.
 */
export function mixtureVariance(
  variance: number,
  n: number,
  alpha: number,
  nStar: number = defaultNStar,
): number {
  return mixtureRho2(alpha, nStar) * variance * n
}

/**
 * Half-width of the always-valid interval of an estimate with variance V under the mixture
 * variance τ²: two-sided √(V(V+τ²)/τ² · 2 ln(√((V+τ²)/V)/α)) (the mSPRT interval, Λ = 1/α);
 * one-sided √(V(V+τ²)/τ² · 2 ln(1 + √((V+τ²)/V)/(2α))) (Howard et al. 2021, one-sided normal
 * mixture boundary).
 */
export function alwaysValidHalfWidth(
  variance: number,
  tau2: number,
  alpha: number,
  sides: 1 | 2 = 2,
): number {
  const ratio = (variance + tau2) / variance
  const log =
    sides === 2 ? Math.log(Math.sqrt(ratio) / alpha) : Math.log1p(Math.sqrt(ratio) / (2 * alpha))
  return Math.sqrt(((variance * (variance + tau2)) / tau2) * 2 * log)
}

/** Options of `msprtTest`. */
export interface MsprtOptions extends EffectOptions {
  /** Default 0.05. */
  readonly alpha?: number
  /** Total units at which the interval is tightest; default 5000. Ignored when `tau2` is given. */
  readonly nStar?: number
  /** The mixture variance τ² in the units of the estimate, instead of deriving it from N*. */
  readonly tau2?: number
  /** The effect under H0 (θ₀), default 0. */
  readonly nullValue?: number
  /** The result of the previous look: the p-value is carried as a running minimum and the interval intersected. */
  readonly previous?: MsprtResult
}

/** One look of the sequential test. */
export interface MsprtResult {
  readonly ok: true
  readonly estimate: number
  readonly standardError: number
  readonly n: number
  readonly tau2: number
  /** The mixture likelihood ratio Λ (an e-value). */
  readonly eValue: number
  /** Always-valid p-value min(1, 1/Λ, previous p). */
  readonly pValue: number
  /** Always-valid (1 − α) interval, intersected with the previous one. */
  readonly interval: Interval
}

/**
 * mSPRT with a N(θ₀, τ²) mixture over the effect:
 * Λ = √(V/(V+τ²)) · exp(τ²(Δ − θ₀)² / (2V(V+τ²))), p = min(1, 1/Λ),
 * interval Δ ± √(V(V+τ²)/τ² · (−2 ln α + ln((V+τ²)/V))), with V = se² of Δ.
 */
export function msprtTest(
  control: SufficientStats,
  treatment: SufficientStats,
  options: MsprtOptions = {},
): MsprtResult | NoEstimate {
  const effect = estimateEffect(control, treatment, options)
  if (!effect.ok) return effect
  const alpha = options.alpha ?? 0.05
  const v = effect.variance
  const tau2 = options.tau2 ?? mixtureVariance(v, effect.n, alpha, options.nStar ?? defaultNStar)
  const delta = effect.estimate - (options.nullValue ?? 0)
  const logE = 0.5 * Math.log(v / (v + tau2)) + (tau2 * delta * delta) / (2 * v * (v + tau2))
  const half = alwaysValidHalfWidth(v, tau2, alpha, 2)
  let pValue = Math.min(1, Math.exp(-logE))
  let lower = effect.estimate - half
  let upper = effect.estimate + half
  if (options.previous !== undefined) {
    pValue = Math.min(pValue, options.previous.pValue)
    lower = Math.max(lower, options.previous.interval[0])
    upper = Math.min(upper, options.previous.interval[1])
  }
  return {
    ok: true,
    estimate: effect.estimate,
    standardError: effect.standardError,
    n: effect.n,
    tau2,
    eValue: Math.exp(logE),
    pValue,
    interval: [lower, upper],
  }
}
