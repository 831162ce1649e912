// The effect of the treatment and its variance from the two arms' sufficient statistics (the
// "effect moments" of gbstats): absolute difference, or relative lift by the delta method.
import { assertStats, statsVariance } from './sufficient-stats.js'
import type { DifferenceType, EffectOptions, NoEstimate, SufficientStats } from './types.js'

/** A point estimate of the effect with its variance and Welch–Satterthwaite degrees of freedom. */
export interface EffectEstimate {
  readonly ok: true
  readonly difference: DifferenceType
  /** Treatment − control, or (treatment − control)/|control| for the relative lift. */
  readonly estimate: number
  /** Variance of the estimate (se²). */
  readonly variance: number
  readonly standardError: number
  /** Welch–Satterthwaite degrees of freedom of the absolute difference (used for both types). */
  readonly df: number
  readonly controlMean: number
  readonly treatmentMean: number
  /** Units in both arms together. */
  readonly n: number
}

/**
 * The effect of `treatment` over `control`:
 * absolute Δ = m_t − m_c with Var = v_t/n_t + v_c/n_c;
 * relative Δ = (m_t − m_c)/|m_c| with the delta-method Var = v_t/(n_t m_c²) + v_c m_t²/(n_c m_c⁴).
 * Needs 2 units per arm, a non-zero variance and (relative) a non-zero control mean.
 */
export function estimateEffect(
  control: SufficientStats,
  treatment: SufficientStats,
  options: EffectOptions = {},
): EffectEstimate | NoEstimate {
  assertStats(control, 'control')
  assertStats(treatment, 'treatment')
  const difference = options.difference ?? 'absolute'
  const kind = options.kind ?? 'mean'
  if (control.n < 2 || treatment.n < 2) return { ok: false, reason: 'not-enough-data' }
  const mc = control.sum / control.n
  const mt = treatment.sum / treatment.n
  const wc = statsVariance(control, kind) / control.n
  const wt = statsVariance(treatment, kind) / treatment.n
  if (!(wc + wt > 0)) return { ok: false, reason: 'zero-variance' }
  const df = (wc + wt) ** 2 / ((wc * wc) / (control.n - 1) + (wt * wt) / (treatment.n - 1))
  const n = control.n + treatment.n
  if (difference === 'absolute') {
    const variance = wc + wt
    return effect(difference, mt - mc, variance, df, mc, mt, n)
  }
  if (mc === 0) return { ok: false, reason: 'baseline-zero' }
  const variance = wt / (mc * mc) + (wc * mt * mt) / mc ** 4
  if (!(variance > 0)) return { ok: false, reason: 'zero-variance' }
  return effect(difference, (mt - mc) / Math.abs(mc), variance, df, mc, mt, n)
}

function effect(
  difference: DifferenceType,
  estimate: number,
  variance: number,
  df: number,
  controlMean: number,
  treatmentMean: number,
  n: number,
): EffectEstimate {
  return {
    ok: true,
    difference,
    estimate,
    variance,
    standardError: Math.sqrt(variance),
    df,
    controlMean,
    treatmentMean,
    n,
  }
}
