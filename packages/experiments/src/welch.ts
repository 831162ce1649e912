// Welch's two-sample t-test on sufficient statistics, for the absolute difference or the relative
// lift (delta method), with a two-sided p-value and a confidence interval.
import { studentTQuantile, studentTSf } from './distributions.js'
import { type EffectEstimate, estimateEffect } from './effect.js'
import type { EffectOptions, Interval, NoEstimate, SufficientStats } from './types.js'

/** Options of `welchTTest`. */
export interface WelchOptions extends EffectOptions {
  /** Two-sided level; the interval covers 1 − alpha. Default 0.05. */
  readonly alpha?: number
}

/** Welch's t-test of treatment against control. */
export interface WelchResult extends EffectEstimate {
  /** estimate / standardError. */
  readonly t: number
  /** Two-sided p-value 2·P(T_df > |t|). */
  readonly pValue: number
  /** estimate ± t_{df, 1−α/2}·standardError. */
  readonly interval: Interval
}

/**
 * Welch's t-test: t = Δ/se with the Welch–Satterthwaite df
 * (v_c/n_c + v_t/n_t)² / ((v_c/n_c)²/(n_c − 1) + (v_t/n_t)²/(n_t − 1)), two-sided p-value and
 * the interval Δ ± t_{df,1−α/2}·se. With `difference: 'relative'` Δ is the relative lift and se
 * its delta-method standard error (same df, as gbstats).
 */
export function welchTTest(
  control: SufficientStats,
  treatment: SufficientStats,
  options: WelchOptions = {},
): WelchResult | NoEstimate {
  const effect = estimateEffect(control, treatment, options)
  if (!effect.ok) return effect
  const alpha = options.alpha ?? 0.05
  const t = effect.estimate / effect.standardError
  const pValue = Math.min(1, 2 * studentTSf(Math.abs(t), effect.df))
  const half = studentTQuantile(1 - alpha / 2, effect.df) * effect.standardError
  return {
    ...effect,
    t,
    pValue,
    interval: [effect.estimate - half, effect.estimate + half],
  }
}

/**
 * The relative lift treatment/control − 1 (precisely (m_t − m_c)/|m_c|, the same for a positive
 * control mean) with its delta-method interval and p-value: `welchTTest` with
 * `difference: 'relative'`.
 */
export function relativeLift(
  control: SufficientStats,
  treatment: SufficientStats,
  options: Omit<WelchOptions, 'difference'> = {},
): WelchResult | NoEstimate {
  return welchTTest(control, treatment, { ...options, difference: 'relative' })
}
