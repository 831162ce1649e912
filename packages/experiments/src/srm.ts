// The sample-ratio-mismatch check: are the units split over the arms as the weights say?
// Pearson's chi-square goodness-of-fit test, as GrowthBook's checkSrm.
import { chiSquareSf } from './distributions.js'

/** Options of `sampleRatioMismatch`. */
export interface SrmOptions {
  /** Alarm when the p-value is below this. Default 0.001 (GrowthBook; Statsig's red alert). */
  readonly threshold?: number
  /** Raise no alarm until every arm with a positive weight has this many units. Default 8. */
  readonly minUnitsPerArm?: number
}

/** The SRM check. */
export interface SrmResult {
  readonly chiSquare: number
  /** Arms with a positive weight, minus one. */
  readonly df: number
  /** P(χ²_df ≥ chiSquare); 1 when there is nothing to test. */
  readonly pValue: number
  /** Whether every arm with a positive weight has at least `minUnitsPerArm` units. */
  readonly enoughData: boolean
  /** enoughData and pValue < threshold. */
  readonly mismatch: boolean
}

/**
 * χ² = Σ (o_i − e_i)²/e_i over the arms with weight w_i > 0, where e_i = N·w_i/Σw and N is the
 * units in those arms; p = Q((k − 1)/2, χ²/2) for k such arms. Fewer than two arms or no units
 * give p = 1.
 */
export function sampleRatioMismatch(
  counts: readonly number[],
  weights: readonly number[],
  options: SrmOptions = {},
): SrmResult {
  if (counts.length !== weights.length) {
    throw new RangeError('counts and weights must have one entry per arm')
  }
  const { arms, totalWeight, totalUnits, smallestArm } = weightedArms(counts, weights)
  const enoughData = smallestArm >= (options.minUnitsPerArm ?? 8)
  if (arms < 2 || totalUnits <= 0) {
    return {
      chiSquare: 0,
      df: Math.max(0, arms - 1),
      pValue: 1,
      enoughData: false,
      mismatch: false,
    }
  }
  let chiSquare = 0
  for (const [i, w] of weights.entries()) {
    if (!(w > 0)) continue
    const expected = (totalUnits * w) / totalWeight
    const diff = (counts[i] ?? 0) - expected
    chiSquare += (diff * diff) / expected
  }
  const df = arms - 1
  const pValue = chiSquareSf(chiSquare, df)
  return {
    chiSquare,
    df,
    pValue,
    enoughData,
    mismatch: enoughData && pValue < (options.threshold ?? 0.001),
  }
}

/** The arms with a positive weight: how many, their total weight and units, the smallest count. */
function weightedArms(
  counts: readonly number[],
  weights: readonly number[],
): { arms: number; totalWeight: number; totalUnits: number; smallestArm: number } {
  let arms = 0
  let totalWeight = 0
  let totalUnits = 0
  let smallestArm = Number.POSITIVE_INFINITY
  for (const [i, w] of weights.entries()) {
    if (!(w > 0)) continue
    const count = counts[i] ?? 0
    arms += 1
    totalWeight += w
    totalUnits += count
    smallestArm = Math.min(smallestArm, count)
  }
  return { arms, totalWeight, totalUnits, smallestArm }
}
