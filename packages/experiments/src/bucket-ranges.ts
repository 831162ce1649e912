// Cumulative bucket ranges with coverage and weights, as GrowthBook's getBucketRanges: each arm
// starts where the previous arm's full weight ends and covers `coverage × weight` of it, so raising
// the coverage only ever adds units to an arm and never moves one to another.
import type { BucketRange } from './types.js'

/** `n` equal weights summing to 1 (none for n ≤ 0). */
export function getEqualWeights(n: number): number[] {
  if (!(n > 0)) return []
  return new Array<number>(n).fill(1 / n)
}

/**
 * The range of each of `numVariations` arms. Coverage is clamped to [0, 1]. Weights that are
 * missing, of the wrong length, or that do not sum to within [0.99, 1.01] are replaced by equal
 * weights, as GrowthBook does.
 */
export function getBucketRanges(
  numVariations: number,
  coverage = 1,
  weights?: readonly number[] | null,
): BucketRange[] {
  const clamped = coverage < 0 ? 0 : coverage > 1 ? 1 : coverage
  const equal = getEqualWeights(numVariations)
  let chosen: readonly number[] = weights ?? equal
  if (chosen.length !== numVariations) chosen = equal
  const total = chosen.reduce((sum, w) => sum + w, 0)
  if (total < 0.99 || total > 1.01) chosen = equal
  let cumulative = 0
  return chosen.map((w) => {
    const start = cumulative
    cumulative += w
    return [start, start + clamped * w] as const
  })
}
