import { expect } from 'vitest'

/** Asserts |actual − expected| ≤ rel·|expected| (or ≤ rel when expected is 0). */
export function expectClose(actual: number, expected: number, rel = 1e-6): void {
  const tolerance = expected === 0 ? rel : rel * Math.abs(expected)
  if (!(Math.abs(actual - expected) <= tolerance)) {
    expect.fail(`expected ${actual} to be within ${rel} (relative) of ${expected}`)
  }
}

/** A small deterministic PRNG (mulberry32) so simulations are reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A standard normal draw from two uniforms (Box–Muller). */
export function normalDraw(random: () => number): number {
  const u = 1 - random()
  const v = random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}
