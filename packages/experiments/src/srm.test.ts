// p-values from scipy.stats.chisquare(observed, f_exp=sum(observed)·w/sum(w)) (scipy 1.17.1).
import { describe, expect, it } from 'vitest'
import { expectClose } from '../test/expect-close.js'
import { sampleRatioMismatch } from './srm.js'

describe('sampleRatioMismatch', () => {
  it.each([
    // [observed, weights, statistic, pvalue]
    [[1000, 1200], [0.5, 0.5], 18.181818181818183, 2.007865612426481e-5],
    [[135, 115], [0.5, 0.5], 1.6, 0.20590321073206466],
    [[310, 98], [0.75, 0.25], 0.20915032679738563, 0.647434185701797],
    [[500, 500, 600], [0.34, 0.33, 0.33], 14.861853832442067, 0.0005926379315273186],
    [[0, 10, 10], [0.34, 0.33, 0.33], 10.303030303030301, 0.0057906244034232005],
    [[821588, 815482], [0.5, 0.5], 22.77436884189436, 1.8217928726191858e-6],
  ])('%j at %j', (counts, weights, chiSquare, pValue) => {
    const result = sampleRatioMismatch(counts, weights)
    expectClose(result.chiSquare, chiSquare)
    expectClose(result.pValue, pValue)
    expect(result.df).toBe(counts.length - 1)
  })

  it('gives p = 2.0079e-5 for [1000, 1200] at 50/50 (GrowthBook stats.test.ts) and alarms', () => {
    const result = sampleRatioMismatch([1000, 1200], [0.5, 0.5])
    expect(result.pValue.toExponential(4)).toBe('2.0079e-5')
    expect(result.mismatch).toBe(true)
  })

  it('skips arms without weight, as GrowthBook', () => {
    const result = sampleRatioMismatch([1000, 1200, 900], [0.5, 0.5, 0])
    expectClose(result.pValue, 2.007865612426481e-5)
    expect(result.df).toBe(1)
  })

  it('has nothing to test with fewer than two weighted arms or no units', () => {
    expect(sampleRatioMismatch([500, 500], [0.5, 0.5]).pValue).toBe(1)
    expect(sampleRatioMismatch([1000], [0.5]).pValue).toBe(1)
    expect(sampleRatioMismatch([1000, 900, 800], [1, 0, 0]).pValue).toBe(1)
    expect(sampleRatioMismatch([0, 0, 0], [1, 1, 1])).toMatchObject({ pValue: 1, mismatch: false })
  })

  it('raises no alarm until every arm has the minimum number of units', () => {
    const result = sampleRatioMismatch([0, 40], [0.5, 0.5])
    expect(result.pValue).toBeLessThan(0.001)
    expect(result).toMatchObject({ enoughData: false, mismatch: false })
    expect(sampleRatioMismatch([8, 60], [0.5, 0.5]).mismatch).toBe(true)
    expect(sampleRatioMismatch([8, 60], [0.5, 0.5], { minUnitsPerArm: 10 }).mismatch).toBe(false)
    expect(sampleRatioMismatch([1000, 1200], [0.5, 0.5], { threshold: 1e-5 }).mismatch).toBe(false)
  })

  it('refuses counts and weights of different lengths', () => {
    expect(() => sampleRatioMismatch([1, 2, 3], [0.5, 0.5])).toThrow(RangeError)
  })
})
