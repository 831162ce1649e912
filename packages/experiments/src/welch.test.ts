// Reference values computed independently with scipy 1.17.1; each literal names its call.
import { describe, expect, it } from 'vitest'
import { expectClose } from '../test/expect-close.js'
import { statsFromValues } from './sufficient-stats.js'
import type { SufficientStats } from './types.js'
import { relativeLift, type WelchResult, welchTTest } from './welch.js'

function ok<T extends { ok: boolean }>(result: T | { ok: false }): T & { ok: true } {
  if (!result.ok) throw new Error(`expected an estimate, got ${JSON.stringify(result)}`)
  return result as T & { ok: true }
}

// R's `sleep` data (the ?t.test example); treatment = group 2, control = group 1.
const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

// gbstats tests/frequentist/test_tests.py: A = control, B = treatment.
const gbControl: SufficientStats = { n: 3407, sum: 1396.87, sumSquares: 52377.9767 }
const gbTreatment: SufficientStats = { n: 3461, sum: 2422.7, sumSquares: 134698.29 }

describe('welchTTest', () => {
  it('matches scipy on raw samples reduced to sufficient statistics', () => {
    const result = ok<WelchResult>(welchTTest(statsFromValues(group1), statsFromValues(group2)))
    // res = scipy.stats.ttest_ind(group2, group1, equal_var=False)
    expectClose(result.t, 1.8608134674868526) // res.statistic
    expectClose(result.pValue, 0.0793941401873583) // res.pvalue
    expectClose(result.df, 17.776473516178488) // res.df
    // res.confidence_interval(0.95)
    expectClose(result.interval[0], -0.20548323071171137)
    expectClose(result.interval[1], 3.3654832307117104)
    expectClose(result.estimate, 1.58, 1e-12)
  })

  it('takes alpha for the interval', () => {
    const result = ok<WelchResult>(
      welchTTest(statsFromValues(group1), statsFromValues(group2), { alpha: 0.1 }),
    )
    // scipy.stats.ttest_ind(group2, group1, equal_var=False).confidence_interval(0.90)
    expectClose(result.interval[0], 0.10661850266839235)
    expectClose(result.interval[1], 3.053381497331606)
  })

  it('matches scipy on summary statistics with thousands of units', () => {
    const result = ok<WelchResult>(welchTTest(gbControl, gbTreatment))
    // scipy.stats.ttest_ind_from_stats(0.7, sd_B, 3461, 0.41, sd_A, 3407, equal_var=False) with
    // sd = sqrt((Σx² − (Σx)²/n)/(n − 1)) of each arm
    expectClose(result.t, 2.3240227609215203)
    expectClose(result.pValue, 0.02015840264358697)
    // Welch–Satterthwaite df by numpy; the interval 0.29 ∓ scipy.stats.t.ppf(0.975, df)·se
    expectClose(result.df, 5841.742032093564)
    expectClose(result.interval[0], 0.04537789255929012)
    expectClose(result.interval[1], 0.5346221074407098)
    // gbstats test_two_sided_ttest_absolute: Δ 0.29, se 0.12478, p 0.02016, CI (0.04538, 0.53462)
    expectClose(result.standardError, 0.12478, 1e-4)
  })

  it('matches the scipy documentation example', () => {
    const fromSummary = (mean: number, sd: number, n: number): SufficientStats => ({
      n,
      sum: mean * n,
      sumSquares: sd * sd * (n - 1) + mean * mean * n,
    })
    const result = ok<WelchResult>(
      welchTTest(fromSummary(12, Math.sqrt(39), 11), fromSummary(15, Math.sqrt(87.5), 13)),
    )
    // scipy.stats.ttest_ind_from_stats(15, sqrt(87.5), 13, 12, sqrt(39), 11, equal_var=False)
    expectClose(result.t, 0.9358461935556048)
    expectClose(result.pValue, 0.35999818693244234)
  })

  it('negates the estimate and keeps the p-value when the arms are swapped', () => {
    const ab = ok<WelchResult>(welchTTest(gbControl, gbTreatment))
    const ba = ok<WelchResult>(welchTTest(gbTreatment, gbControl))
    expectClose(ba.estimate, -ab.estimate, 1e-12)
    expectClose(ba.pValue, ab.pValue, 1e-12)
  })

  it('reports why it cannot estimate', () => {
    expect(welchTTest({ n: 1, sum: 1, sumSquares: 1 }, gbTreatment)).toEqual({
      ok: false,
      reason: 'not-enough-data',
    })
    expect(welchTTest(statsFromValues([2, 2, 2]), statsFromValues([3, 3]))).toEqual({
      ok: false,
      reason: 'zero-variance',
    })
    expect(relativeLift(statsFromValues([-1, 1]), statsFromValues([1, 2]))).toEqual({
      ok: false,
      reason: 'baseline-zero',
    })
    expect(() => welchTTest({ n: -2, sum: 0, sumSquares: 0 }, gbTreatment)).toThrow(RangeError)
  })
})

describe('relativeLift (delta method)', () => {
  it('matches the delta-method figures computed with scipy', () => {
    const result = ok<WelchResult>(relativeLift(gbControl, gbTreatment))
    // lift = (m_B − m_A)/|m_A|, se² = v_B/(n_B m_A²) + v_A m_B²/(n_A m_A⁴) in numpy;
    // p = 2·scipy.stats.t.sf(|lift/se|, df); lift ∓ scipy.stats.t.ppf(0.975, df)·se
    expectClose(result.estimate, 0.7073170731707317)
    expectClose(result.standardError, 0.3787943616681428)
    expectClose(result.pValue, 0.061911827456183594)
    expectClose(result.interval[0], -0.03526008906611777)
    expectClose(result.interval[1], 1.449894235407581)
    // gbstats test_two_sided_ttest (relative): 0.70732, se 0.37879, p 0.06191, CI (−0.03526, 1.44989)
    expectClose(result.pValue, 0.06191, 1e-4)
  })

  it('treats proportions with the Bernoulli variance (gbstats test_two_sided_ttest_binom)', () => {
    const result = ok<WelchResult>(
      relativeLift(
        { n: 28, sum: 14, sumSquares: 14 },
        { n: 30, sum: 16, sumSquares: 16 },
        {
          kind: 'proportion',
        },
      ),
    )
    // gbstats: lift 0.06667, se 0.2717, p 0.80707, CI (−0.47767, 0.61101)
    expectClose(result.estimate, 0.06667, 1e-4)
    expectClose(result.standardError, 0.2717, 1e-4)
    expectClose(result.pValue, 0.80707, 1e-5)
    expectClose(result.interval[0], -0.47767, 1e-4)
    expectClose(result.interval[1], 0.61101, 1e-4)
  })
})
