import { describe, expect, it } from 'vitest'
import { getBucketRanges } from './bucket-ranges.js'
import { assignVariation } from './choose-variation.js'
import { fnv1a32, hash } from './hash.js'
import { sampleRatioMismatch } from './srm.js'

describe('fnv1a32', () => {
  it.each([
    // The standard FNV-1a test vectors.
    ['', 2166136261],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
    // GrowthBook's intermediate values for hash('seed', 'a', 2) (research/ab-testing.md §5).
    ['seeda', 717764279],
    ['717764279', 2503390505],
    // UTF-16 code units, as GrowthBook's charCodeAt loop (the UTF-8 bytes of 'é' give 513665217);
    // values from a Python FNV-1a over the code units.
    ['é', 1812687940],
    ['😀', 3409036472],
  ])('fnv1a32(%j) = %d', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected)
  })
})

describe('hash', () => {
  it('returns buckets on the 1/10000 grid for v2 and 1/1000 for v1', () => {
    for (let i = 0; i < 1000; i += 1) {
      const v2 = hash('seed', `user-${i}`, 2) ?? -1
      const v1 = hash('seed', `user-${i}`, 1) ?? -1
      expect(v2 >= 0 && v2 < 1 && v1 >= 0 && v1 < 1).toBe(true)
      expect(Math.abs(v2 * 10000 - Math.round(v2 * 10000))).toBeLessThan(1e-9)
      expect(Math.abs(v1 * 1000 - Math.round(v1 * 1000))).toBeLessThan(1e-9)
    }
  })

  it('returns null for an unknown version', () => {
    expect(hash('seed', 'a', 3)).toBeNull()
    expect(hash('seed', 'a', 0)).toBeNull()
  })
})

describe('assignment of simulated users', () => {
  const users = Array.from({ length: 100_000 }, (_, i) => `user-${i.toString(36)}-${i * 7919}`)
  const seed = '4f1c9e2a-experiment-seed'

  function countArms(ranges: ReturnType<typeof getBucketRanges>, experimentSeed = seed): number[] {
    const counts = ranges.map(() => 0)
    for (const user of users) {
      const arm = assignVariation(experimentSeed, user, ranges)
      counts[arm] = (counts[arm] ?? 0) + 1
    }
    return counts
  }

  it('splits 100,000 users 50/50 within the SRM test (p > 0.001)', () => {
    const counts = countArms(getBucketRanges(2))
    expect((counts[0] ?? 0) + (counts[1] ?? 0)).toBe(users.length)
    const srm = sampleRatioMismatch(counts, [0.5, 0.5])
    expect(srm.pValue).toBeGreaterThan(0.001)
    expect(srm.mismatch).toBe(false)
  })

  it('splits 100,000 users 20/80 within tolerance (4 standard errors) and the SRM test', () => {
    const counts = countArms(getBucketRanges(2, 1, [0.2, 0.8]))
    const share = (counts[0] ?? 0) / users.length
    const standardError = Math.sqrt((0.2 * 0.8) / users.length)
    expect(Math.abs(share - 0.2)).toBeLessThan(4 * standardError)
    expect(sampleRatioMismatch(counts, [0.2, 0.8]).pValue).toBeGreaterThan(0.001)
  })

  it('assigns independently under two seeds (2×2 contingency, p > 0.001)', () => {
    const ranges = getBucketRanges(2)
    const table = [0, 0, 0, 0]
    for (const user of users) {
      const a = assignVariation('seed-one', user, ranges)
      const b = assignVariation('seed-two', user, ranges)
      const cell = a * 2 + b
      table[cell] = (table[cell] ?? 0) + 1
    }
    // Independence of two fair splits: each cell expects a quarter.
    expect(sampleRatioMismatch(table, [1, 1, 1, 1]).pValue).toBeGreaterThan(0.001)
  })

  it('never moves a user to another arm when the coverage grows', () => {
    const weights = [0.3, 0.7]
    const before = getBucketRanges(2, 0.1, weights)
    const after = getBucketRanges(2, 0.5, weights)
    let enrolled = 0
    for (const user of users.slice(0, 20_000)) {
      const arm = assignVariation(seed, user, before)
      if (arm < 0) continue
      enrolled += 1
      expect(assignVariation(seed, user, after)).toBe(arm)
    }
    expect(enrolled).toBeGreaterThan(1500)
  })

  it('leaves users outside the coverage unassigned', () => {
    const counts = [0, 0, 0]
    const ranges = getBucketRanges(2, 0.2)
    for (const user of users) {
      const arm = assignVariation(seed, user, ranges)
      counts[arm + 1] = (counts[arm + 1] ?? 0) + 1
    }
    expect(Math.abs((counts[0] ?? 0) / users.length - 0.8)).toBeLessThan(0.01)
  })
})
