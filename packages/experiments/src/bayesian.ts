// A Gaussian Bayesian summary of the effect (gbstats' effect model): the posterior of the effect
// is normal, so chance to win and expected loss have closed forms in Φ and φ.
import { normalCdf, normalPdf, normalQuantile } from './distributions.js'
import { estimateEffect } from './effect.js'
import type {
  DifferenceType,
  EffectOptions,
  Interval,
  NoEstimate,
  SufficientStats,
} from './types.js'

/** Options of `gaussianBayesian`. */
export interface BayesianOptions extends EffectOptions {
  /** The credible interval covers 1 − alpha. Default 0.05. */
  readonly alpha?: number
  /** A proper normal prior on the effect; without it the prior is flat. */
  readonly prior?: { readonly mean: number; readonly variance: number }
  /** The metric improves when it goes down (latency, errors). Default false. */
  readonly lowerIsBetter?: boolean
}

/** The posterior summary. Loss is in the units of the effect (relative lift by default). */
export interface BayesianResult {
  readonly ok: true
  readonly difference: DifferenceType
  /** Posterior mean of the effect (treatment − control, or the relative lift). */
  readonly mean: number
  readonly standardDeviation: number
  /** P(treatment better than control). */
  readonly chanceToWin: number
  /** Expected loss of shipping each arm: E[max(effect of the other, 0)]. */
  readonly expectedLoss: { readonly control: number; readonly treatment: number }
  /** Equal-tailed credible interval of the effect. */
  readonly interval: Interval
}

/**
 * Posterior δ ~ N(μ, σ²): with a flat prior μ = Δ̂, σ² = se²; with a prior N(m₀, τ²) the precision
 * is 1/se² + 1/τ² and μ = (Δ̂/se² + m₀/τ²)/precision. With the effect oriented so that positive is
 * better (z = μ/σ): chance to win Φ(z); expected loss of shipping treatment
 * E[max(−δ, 0)] = σφ(z) − μΦ(−z), of keeping control E[max(δ, 0)] = σφ(z) + μΦ(z).
 */
export function gaussianBayesian(
  control: SufficientStats,
  treatment: SufficientStats,
  options: BayesianOptions = {},
): BayesianResult | NoEstimate {
  const difference = options.difference ?? 'relative'
  const effect = estimateEffect(control, treatment, { ...options, difference })
  if (!effect.ok) return effect
  let mean = effect.estimate
  let variance = effect.variance
  if (options.prior !== undefined) {
    const precision = 1 / variance + 1 / options.prior.variance
    mean = (mean / variance + options.prior.mean / options.prior.variance) / precision
    variance = 1 / precision
  }
  const sd = Math.sqrt(variance)
  const better = options.lowerIsBetter === true ? -mean : mean
  const z = better / sd
  const density = sd * normalPdf(z)
  const half = normalQuantile(1 - (options.alpha ?? 0.05) / 2) * sd
  return {
    ok: true,
    difference,
    mean,
    standardDeviation: sd,
    chanceToWin: normalCdf(z),
    expectedLoss: {
      control: Math.max(0, density + better * normalCdf(z)),
      treatment: Math.max(0, density - better * normalCdf(-z)),
    },
    interval: [mean - half, mean + half],
  }
}
