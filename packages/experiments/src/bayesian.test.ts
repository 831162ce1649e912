// Expected losses are checked against direct numerical integration, independent of the closed
// forms: scipy.integrate.quad(lambda x: max(x, 0)·scipy.stats.norm.pdf(x, μ, σ), μ − 40σ, μ + 40σ,
// points=[0], epsrel=1e-13) (and max(−x, 0) for the other arm); chance to win is
// scipy.integrate.quad(scipy.stats.norm.pdf(·, μ, σ), 0, μ + 40σ); scipy 1.17.1.
import { describe, expect, it } from 'vitest'
import { expectClose } from '../test/expect-close.js'
import { type BayesianResult, gaussianBayesian } from './bayesian.js'
import { bernoulliStats } from './proportions.js'

function ok(result: BayesianResult | { ok: false }): BayesianResult {
  if (!result.ok) throw new Error(`expected an estimate, got ${JSON.stringify(result)}`)
  return result
}

// gbstats tests/bayesian/test_tests.py TestNorm.
const control = { n: 10, sum: 100, sumSquares: 1002.25 }
const treatment = { n: 10, sum: 105, sumSquares: 1111.5 }

describe('gaussianBayesian', () => {
  it('matches the integrated posterior of a relative lift', () => {
    const result = ok(gaussianBayesian(control, treatment))
    expectClose(result.mean, 0.05, 1e-12)
    expectClose(result.standardDeviation, 0.03571589282098377)
    expectClose(result.chanceToWin, 0.9192339081566245)
    expectClose(result.expectedLoss.control, 0.05130981716392655)
    expectClose(result.expectedLoss.treatment, 0.0013098171639265332)
    // scipy.stats.norm.ppf([0.025, 0.975], μ, σ)
    expectClose(result.interval[0], -0.020001863604820883)
    expectClose(result.interval[1], 0.12000186360482087)
    // gbstats TestNorm: CTW 0.91923, risk [0.05131, 0.00131]
    expectClose(result.chanceToWin, 0.91923, 1e-5)
  })

  it('uses a proper prior (gbstats test_bayesian_gaussian_ab_test_informative)', () => {
    const result = ok(gaussianBayesian(control, treatment, { prior: { mean: 0.1, variance: 0.1 } }))
    // gbstats: 0.05063, σ 0.03549, CI (−0.01893, 0.12019), CTW 0.92315, risk [0.05186, 0.00123]
    expectClose(result.mean, 0.05063, 1e-4)
    expectClose(result.standardDeviation, 0.03549, 1e-3)
    expectClose(result.chanceToWin, 0.92315, 1e-5)
    expectClose(result.expectedLoss.control, 0.05186, 1e-3)
    expectClose(result.expectedLoss.treatment, 0.00123, 1e-2)
  })

  it('treats proportions with p(1 − p) (gbstats TestBinom: 49/100 vs 51/100)', () => {
    const result = ok(
      gaussianBayesian(bernoulliStats(49, 100), bernoulliStats(51, 100), { kind: 'proportion' }),
    )
    // gbstats: expected 0.04082, σ 0.14725, CI (−0.24779, 0.32943), CTW 0.60918, risk [0.0814, 0.04058]
    expectClose(result.mean, 0.04082, 1e-4)
    expectClose(result.standardDeviation, 0.14725, 1e-4)
    expectClose(result.chanceToWin, 0.60918, 1e-5)
    expectClose(result.expectedLoss.control, 0.0814, 1e-3)
    expectClose(result.expectedLoss.treatment, 0.04058, 1e-3)
  })

  it('orients a lower-is-better absolute difference (load time)', () => {
    // Control 200 ms (sd 50), treatment 195 ms (sd 55), 1000 loads each: δ ~ N(−5, σ²).
    const result = ok(
      gaussianBayesian(
        { n: 1000, sum: 200_000, sumSquares: 42_497_500 },
        { n: 1000, sum: 195_000, sumSquares: 41_046_975 },
        { difference: 'absolute', lowerIsBetter: true },
      ),
    )
    // Integrals over N(+5, σ²), the effect oriented so that positive is better.
    expectClose(result.mean, -5, 1e-12)
    expectClose(result.standardDeviation, 2.3505318547086316)
    expectClose(result.chanceToWin, 0.9832973580193617)
    expectClose(result.expectedLoss.control, 5.0141002048841115)
    expectClose(result.expectedLoss.treatment, 0.014100204884110698)
  })

  it('gives complementary chances to win when the arms swap', () => {
    const ab = ok(gaussianBayesian(control, treatment, { difference: 'absolute' }))
    const ba = ok(gaussianBayesian(treatment, control, { difference: 'absolute' }))
    expectClose(ab.chanceToWin + ba.chanceToWin, 1, 1e-14)
    expectClose(ab.expectedLoss.treatment, ba.expectedLoss.control, 1e-12)
  })

  it('reports missing data', () => {
    expect(gaussianBayesian({ n: 0, sum: 0, sumSquares: 0 }, treatment)).toEqual({
      ok: false,
      reason: 'not-enough-data',
    })
  })
})
