// The guardrail decision: is the treatment worse than control on a metric that must not regress
// (error rate, load time)? A one-sided, always-valid test on the absolute difference, so the
// evaluator may check after every batch of events and roll back as soon as harm is shown.
import { estimateEffect } from './effect.js'
import { alwaysValidHalfWidth, defaultNStar, mixtureRho2 } from './msprt.js'
import type { AnalysisIssue, MetricKind, SufficientStats } from './types.js'

/** `'worse'`: harm shown; `'ok'`: shown not worse than the margin; else `'inconclusive'`. */
export type GuardrailDecision = 'ok' | 'worse' | 'inconclusive'

/** Options of `guardrailDecision`. */
export interface GuardrailOptions {
  /** Default `'mean'`; `'proportion'` for 0/1 metrics such as errors. */
  readonly kind?: MetricKind
  /** Whether a higher value is worse (errors, latency). Default true. */
  readonly higherIsWorse?: boolean
  /** The error rate of each one-sided bound. Default 0.05. */
  readonly alpha?: number
  /** Total units at which the bounds are tightest. Default 5000. */
  readonly nStar?: number
  /**
   * Harm (absolute, in the metric's units) still tolerated: `'ok'` once the upper bound of the
   * harm is below it. Default 0: `'ok'` only when the treatment is shown better.
   */
  readonly margin?: number
  /** The previous look: its bounds stay valid, so they are carried (running max / min). */
  readonly previous?: GuardrailResult
}

/** One look of the guardrail. */
export interface GuardrailResult {
  readonly decision: GuardrailDecision
  /** Oriented difference: positive means the treatment is worse. NaN without an estimate. */
  readonly harm: number
  /** Always-valid lower bound of the harm (−∞ before any estimate). */
  readonly lowerBound: number
  /** Always-valid upper bound of the harm (+∞ before any estimate). */
  readonly upperBound: number
  /** Why there is no new estimate at this look, if there is none. */
  readonly reason?: AnalysisIssue
}

/**
 * harm = ±(m_t − m_c) with V = v_t/n_t + v_c/n_c, and the one-sided always-valid half-width
 * h = √(V(V+τ²)/τ² · 2 ln(1 + √((V+τ²)/V)/(2α))) with τ² = ρ²(2α)·V·N (ρ tuned at 2α for a
 * one-sided bound, as GrowthBook's safe rollouts). `'worse'` when harm − h > 0, `'ok'` when
 * harm + h < margin, otherwise `'inconclusive'`.
 */
export function guardrailDecision(
  control: SufficientStats,
  treatment: SufficientStats,
  options: GuardrailOptions = {},
): GuardrailResult {
  const alpha = options.alpha ?? 0.05
  const sign = options.higherIsWorse === false ? -1 : 1
  const effect = estimateEffect(control, treatment, {
    difference: 'absolute',
    kind: options.kind ?? 'mean',
  })
  let lowerBound = options.previous?.lowerBound ?? Number.NEGATIVE_INFINITY
  let upperBound = options.previous?.upperBound ?? Number.POSITIVE_INFINITY
  let harm = Number.NaN
  if (effect.ok) {
    harm = sign * effect.estimate
    const tau2 = mixtureRho2(2 * alpha, options.nStar ?? defaultNStar) * effect.variance * effect.n
    const half = alwaysValidHalfWidth(effect.variance, tau2, alpha, 1)
    lowerBound = Math.max(lowerBound, harm - half)
    upperBound = Math.min(upperBound, harm + half)
  }
  const decision: GuardrailDecision =
    lowerBound > 0 ? 'worse' : upperBound < (options.margin ?? 0) ? 'ok' : 'inconclusive'
  const result = { decision, harm, lowerBound, upperBound }
  return effect.ok ? result : { ...result, reason: effect.reason }
}
