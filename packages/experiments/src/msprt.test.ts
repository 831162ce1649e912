// The mixture likelihood ratio Λ is checked against direct numerical integration, independent of
// the closed form: Λ(θ₀) = scipy.integrate.quad(lambda θ: exp(((Δ−θ₀)² − (Δ−θ)²)/(2V)) ·
// scipy.stats.norm.pdf(θ, θ₀, √τ²), θ₀ − 40√τ², θ₀ + 40√τ², epsrel=1e-13), and the interval
// ends against scipy.optimize.brentq(lambda θ₀: Λ(θ₀) − 1/α, …) on that integral (scipy 1.17.1).
import { describe, expect, it } from 'vitest'
import { expectClose, mulberry32, normalDraw } from '../test/expect-close.js'
import { type MsprtResult, mixtureRho2, mixtureVariance, msprtTest } from './msprt.js'
import { addObservation, emptyStats } from './sufficient-stats.js'
import type { SufficientStats } from './types.js'
import { welchTTest } from './welch.js'

function ok(result: MsprtResult | { ok: false }): MsprtResult {
  if (!result.ok) throw new Error(`expected an estimate, got ${JSON.stringify(result)}`)
  return result
}

describe('msprtTest', () => {
  it('matches the integrated mixture for σ = 1, τ = 0.1, 1000 units per arm, Δ = 0.1', () => {
    // Means 0 and 0.1, sample variance 1 in both arms: V = 0.002.
    const control = { n: 1000, sum: 0, sumSquares: 999 }
    const treatment = { n: 1000, sum: 100, sumSquares: 1009 }
    const result = ok(msprtTest(control, treatment, { tau2: 0.01 }))
    expectClose(result.eValue, 3.2787216275263904)
    expectClose(result.pValue, 1 / 3.2787216275263904)
  })

  it('matches the integrated mixture and its inversion on a clear effect', () => {
    // Means 10 and 10.3, variance 4, 4000 units per arm: V = 0.002, τ² = 0.05².
    const control = { n: 4000, sum: 40_000, sumSquares: 415_996 }
    const treatment = { n: 4000, sum: 41_200, sumSquares: 440_356 }
    const result = ok(msprtTest(control, treatment, { tau2: 0.0025 }))
    expectClose(result.eValue, 178891.52434724968)
    expectClose(result.pValue, 5.5899797581180056e-6)
    expectClose(result.interval[0], 0.1435115942059364)
    expectClose(result.interval[1], 0.4564884057940636)
  })

  it('reproduces gbstats test_sequential_test_runs (relative, N* = 1000)', () => {
    const control = { n: 3000, sum: 1396.87, sumSquares: 52377.9767 }
    const treatment = { n: 3461, sum: 2422.7, sumSquares: 134698.29 }
    const result = ok(msprtTest(control, treatment, { difference: 'relative', nStar: 1000 }))
    // τ² = ρ²·V·N with ρ² from N*; integral and brentq as above.
    expectClose(result.tau2, 5.6999739801679965)
    expectClose(result.eValue, 0.42298094136001224)
    expect(result.pValue).toBe(1)
    expectClose(result.interval[0], -0.5584405051077315)
    expectClose(result.interval[1], 1.5651626768202032)
    // gbstats: ρ = 0.0890851, lift 0.50336, se 0.33341, CI (−0.55844, 1.56516)
    expectClose(Math.sqrt(mixtureRho2(0.05, 1000)), 0.0890851, 1e-6)
    expectClose(result.estimate, 0.50336, 1e-5)
    expectClose(result.standardError, 0.33341, 1e-4)
  })

  it('reproduces gbstats test_sequential_test_runs_prop (proportions, N* = 5000)', () => {
    const control = { n: 3000, sum: 1396, sumSquares: 1396 }
    const treatment = { n: 3461, sum: 2422, sumSquares: 2422 }
    const result = ok(
      msprtTest(control, treatment, { difference: 'relative', kind: 'proportion', nStar: 5000 }),
    )
    // gbstats: lift 0.50386, se 0.03386, CI (0.40098, 0.60675), p ≈ 5.17e−44
    expectClose(result.estimate, 0.50386, 1e-5)
    expectClose(result.standardError, 0.03386, 1e-3)
    expectClose(result.interval[0], 0.40098, 1e-4)
    expectClose(result.interval[1], 0.60675, 1e-4)
    expectClose(result.pValue, 5.17e-44, 1e-2)
  })

  it('is wider than the fixed-horizon interval', () => {
    const control = { n: 3407, sum: 1396.87, sumSquares: 52377.9767 }
    const treatment = { n: 3461, sum: 2422.7, sumSquares: 134698.29 }
    const sequential = ok(msprtTest(control, treatment))
    const fixed = welchTTest(control, treatment)
    if (!fixed.ok) throw new Error('no estimate')
    expect(sequential.interval[0]).toBeLessThan(fixed.interval[0])
    expect(sequential.interval[1]).toBeGreaterThan(fixed.interval[1])
    expect(sequential.pValue).toBeGreaterThan(fixed.pValue)
  })

  it('carries the running minimum p-value and the intersection of intervals', () => {
    const first = ok(
      msprtTest(
        { n: 4000, sum: 40_000, sumSquares: 415_996 },
        {
          n: 4000,
          sum: 41_200,
          sumSquares: 440_356,
        },
        { tau2: 0.0025 },
      ),
    )
    const second = ok(
      msprtTest(
        { n: 5000, sum: 50_000, sumSquares: 519_995 },
        { n: 5000, sum: 50_100, sumSquares: 522_000 },
        {
          tau2: 0.0025,
          previous: first,
        },
      ),
    )
    expect(second.pValue).toBeLessThanOrEqual(first.pValue)
    expect(second.interval[0]).toBeGreaterThanOrEqual(first.interval[0])
    expect(second.interval[1]).toBeLessThanOrEqual(first.interval[1])
  })

  it('derives τ² from N*: ρ² = (−2 ln α + ln(−2 ln α + 1))/N*, τ² = ρ²·V·N', () => {
    const l = -2 * Math.log(0.05)
    expectClose(mixtureRho2(0.05, 5000), (l + Math.log(l + 1)) / 5000, 1e-15)
    expectClose(mixtureVariance(0.01, 2000, 0.05, 5000), mixtureRho2(0.05, 5000) * 20, 1e-15)
  })

  it('keeps the false-positive rate under α when looked at after every batch (simulation)', () => {
    const random = mulberry32(7)
    const experiments = 300
    let sequentialAlarms = 0
    let naiveAlarms = 0
    for (let e = 0; e < experiments; e += 1) {
      const { sequential, naive } = peekAtNullExperiment(random, 40, 100)
      if (sequential) sequentialAlarms += 1
      if (naive) naiveAlarms += 1
    }
    // No true effect: the always-valid test may alarm in at most 5% of experiments (plus noise);
    // peeking at a fixed-horizon test 40 times alarms far more often.
    expect(sequentialAlarms / experiments).toBeLessThan(
      0.05 + 3 * Math.sqrt((0.05 * 0.95) / experiments),
    )
    expect(naiveAlarms / experiments).toBeGreaterThan(0.1)
  })
})

/**
 * One experiment without any effect (N(0, 1) in both arms), looked at after every batch: whether
 * the always-valid p-value and a fixed-horizon Welch p-value ever went below 0.05.
 */
function peekAtNullExperiment(
  random: () => number,
  looks: number,
  batch: number,
): { sequential: boolean; naive: boolean } {
  let control: SufficientStats = emptyStats
  let treatment: SufficientStats = emptyStats
  let previous: MsprtResult | undefined
  let naive = false
  for (let look = 0; look < looks; look += 1) {
    for (let i = 0; i < batch; i += 1) {
      control = addObservation(control, normalDraw(random))
      treatment = addObservation(treatment, normalDraw(random))
    }
    previous = ok(msprtTest(control, treatment, previous ? { previous } : {}))
    const fixed = welchTTest(control, treatment)
    naive ||= fixed.ok && fixed.pValue < 0.05
  }
  return { sequential: (previous?.pValue ?? 1) < 0.05, naive }
}
