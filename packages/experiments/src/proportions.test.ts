// Reference values computed independently with statsmodels 0.15.0 / scipy 1.17.1; each literal
// names its call.
import { describe, expect, it } from 'vitest'
import { expectClose } from '../test/expect-close.js'
import { bernoulliStats, type ProportionResult, twoProportionTest } from './proportions.js'
import { welchTTest } from './welch.js'

function ok(result: ProportionResult | { ok: false }): ProportionResult {
  if (!result.ok) throw new Error(`expected an estimate, got ${JSON.stringify(result)}`)
  return result
}

describe('twoProportionTest', () => {
  it('matches statsmodels (5/83 against 12/99)', () => {
    const result = ok(twoProportionTest(bernoulliStats(12, 99), bernoulliStats(5, 83)))
    // statsmodels.stats.proportion.proportions_ztest([5, 12], [83, 99])
    expectClose(result.z, -1.4078304151258787)
    expectClose(result.pValue, 0.15918129181156992)
    // statsmodels.stats.proportion.confint_proportions_2indep(5, 83, 12, 99, method='wald', compare='diff')
    expectClose(result.interval[0], -0.14315020978794332)
    expectClose(result.interval[1], 0.021207895074544264)
  })

  it('matches statsmodels on an error-rate-sized sample, with a 99% interval', () => {
    const result = ok(
      twoProportionTest(bernoulliStats(1000, 10_000), bernoulliStats(1100, 10_000), {
        alpha: 0.01,
      }),
    )
    // statsmodels.stats.proportion.proportions_ztest([1100, 1000], [10000, 10000])
    expectClose(result.z, 2.3066347738170103)
    expectClose(result.pValue, 0.021075189273797826)
    // confint_proportions_2indep(1100, 10000, 1000, 10000, method='wald', compare='diff', alpha=0.01)
    expectClose(result.interval[0], -0.0011655589709243293)
    expectClose(result.interval[1], 0.02116555897092432)
    // Relative lift p_t/p_c − 1 with the delta-method se (numpy) and scipy.stats.norm.ppf(0.995)
    expectClose(result.relative?.estimate ?? Number.NaN, 0.09999999999999987)
    expectClose(result.relative?.standardError ?? Number.NaN, 0.045475268003608287)
    expectClose(result.relative?.interval[0] ?? Number.NaN, -0.01713652791043406)
    expectClose(result.relative?.interval[1] ?? Number.NaN, 0.2171365279104338)
  })

  it('squares to the chi-square of a 2×2 table without continuity correction', () => {
    const result = ok(twoProportionTest(bernoulliStats(12, 99), bernoulliStats(5, 83)))
    // R prop.test(c(5, 12), c(83, 99), correct = FALSE): X-squared = 1.981986
    expectClose(result.z ** 2, 1.981986, 1e-6)
  })

  it('has no relative lift over a zero control rate, and no test without variance', () => {
    expect(ok(twoProportionTest(bernoulliStats(0, 50), bernoulliStats(3, 50))).relative).toBeNull()
    expect(twoProportionTest(bernoulliStats(0, 50), bernoulliStats(0, 50))).toEqual({
      ok: false,
      reason: 'zero-variance',
    })
    expect(twoProportionTest(bernoulliStats(0, 0), bernoulliStats(0, 50))).toEqual({
      ok: false,
      reason: 'not-enough-data',
    })
  })

  it('refuses impossible counts', () => {
    expect(() => bernoulliStats(5, 4)).toThrow(RangeError)
    expect(() => bernoulliStats(-1, 4)).toThrow(RangeError)
    expect(() => twoProportionTest({ n: 4, sum: 5, sumSquares: 5 }, bernoulliStats(1, 4))).toThrow(
      RangeError,
    )
  })

  it('agrees with Welch on Bernoulli statistics for large samples', () => {
    const control = bernoulliStats(1000, 10_000)
    const treatment = bernoulliStats(1100, 10_000)
    const z = ok(twoProportionTest(control, treatment))
    const welch = welchTTest(control, treatment)
    if (!welch.ok) throw new Error('no estimate')
    expectClose(welch.pValue, z.pValue, 1e-2)
  })
})
