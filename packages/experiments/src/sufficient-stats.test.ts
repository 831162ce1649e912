import { describe, expect, it } from 'vitest'
import { expectClose } from '../test/expect-close.js'
import {
  addObservation,
  aggregateByArm,
  assertStats,
  emptyStats,
  mergeStats,
  statsFromValues,
  statsMean,
  statsVariance,
} from './sufficient-stats.js'

describe('sufficient statistics', () => {
  const values = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]

  it('reduces values to n, Σx, Σx²', () => {
    const stats = statsFromValues(values)
    expect(stats.n).toBe(10)
    expectClose(stats.sum, 7.5, 1e-12)
    expectClose(stats.sumSquares, 34.43, 1e-12)
    // numpy.mean(g1), numpy.var(g1, ddof=1) for R's sleep group 1.
    expectClose(statsMean(stats), 0.75, 1e-12)
    expectClose(statsVariance(stats), 3.2005555555555554, 1e-12)
  })

  it('merges batches into the statistics of the whole', () => {
    const whole = statsFromValues(values)
    const merged = mergeStats(statsFromValues(values.slice(0, 4)), statsFromValues(values.slice(4)))
    expect(merged.n).toBe(whole.n)
    expectClose(merged.sum, whole.sum, 1e-12)
    expectClose(merged.sumSquares, whole.sumSquares, 1e-12)
    const added = values.reduce(addObservation, emptyStats)
    expectClose(added.sumSquares, whole.sumSquares, 1e-12)
  })

  it('aggregates { arm, value } observations per arm and skips unknown arms', () => {
    const observations = [
      { arm: 0, value: 1 },
      { arm: 1, value: 2 },
      { arm: 1, value: 4 },
      { arm: 2, value: 100 },
      { arm: -1, value: 100 },
    ]
    expect(aggregateByArm(observations, 2)).toEqual([
      { n: 1, sum: 1, sumSquares: 1 },
      { n: 2, sum: 6, sumSquares: 20 },
    ])
  })

  it('gives a proportion its Bernoulli variance p(1 − p)', () => {
    expect(statsVariance({ n: 4, sum: 1, sumSquares: 1 }, 'proportion')).toBe(0.1875)
    expectClose(statsVariance({ n: 4, sum: 1, sumSquares: 1 }), 0.25, 1e-12)
  })

  it('has no variance below two observations and clamps rounding below zero', () => {
    expect(Number.isNaN(statsVariance({ n: 1, sum: 3, sumSquares: 9 }))).toBe(true)
    expect(Number.isNaN(statsMean(emptyStats))).toBe(true)
    expect(statsVariance(statsFromValues([0.1, 0.1, 0.1]))).toBe(0)
  })

  it('refuses statistics no data could produce', () => {
    expect(() => assertStats({ n: -1, sum: 0, sumSquares: 0 }, 'control')).toThrow(RangeError)
    expect(() => assertStats({ n: 1.5, sum: 0, sumSquares: 0 }, 'control')).toThrow(RangeError)
    expect(() => assertStats({ n: 2, sum: 1, sumSquares: -1 }, 'control')).toThrow(RangeError)
    expect(() => assertStats({ n: 2, sum: Number.NaN, sumSquares: 1 }, 'control')).toThrow(
      RangeError,
    )
  })
})
