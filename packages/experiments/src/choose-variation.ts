// Picking the arm a bucket falls in.
import { type HashVersion, hash } from './hash.js'
import type { BucketRange } from './types.js'

/** Whether `n` lies in the half-open range `[start, end)`. */
export function inRange(n: number, range: BucketRange): boolean {
  return n >= range[0] && n < range[1]
}

/** The index of the first range containing `n`, or -1 when none does (outside the coverage). */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  for (let i = 0; i < ranges.length; i += 1) {
    const range = ranges[i]
    if (range !== undefined && inRange(n, range)) return i
  }
  return -1
}

/**
 * The arm of unit `value` in an experiment: `chooseVariation(hash(seed, value, version), ranges)`,
 * or -1 when the unit is outside the coverage or the hash version is unknown.
 */
export function assignVariation(
  seed: string,
  value: string,
  ranges: readonly BucketRange[],
  version: HashVersion = 2,
): number {
  const n = hash(seed, value, version)
  return n === null ? -1 : chooseVariation(n, ranges)
}
