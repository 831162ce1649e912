import { describe, expect, it } from 'vitest'
import { expectClose, mulberry32 } from '../test/expect-close.js'
import { type GuardrailResult, guardrailDecision } from './guardrail.js'
import { bernoulliStats } from './proportions.js'
import { addObservation, emptyStats } from './sufficient-stats.js'
import type { SufficientStats } from './types.js'

describe('guardrailDecision', () => {
  it('reproduces gbstats TestSequentialOneSidedGreaterTTest (absolute, N* = 5000)', () => {
    // gbstats: one-sided "greater" sequential test, lower bound of Δ = −0.12656844172804982.
    // A higher value is better here, so harm = −Δ and its upper bound is the negated bound.
    const result = guardrailDecision(
      { n: 3000, sum: 1396.87, sumSquares: 52377.9767 },
      { n: 3461, sum: 2422.7, sumSquares: 134698.29 },
      { higherIsWorse: false },
    )
    expectClose(result.upperBound, 0.12656844172804982, 1e-9)
    expectClose(result.harm, -0.23437666666666668, 1e-12)
    expect(result.decision).toBe('inconclusive')
  })

  it('says worse when the error rate of the treatment is clearly higher', () => {
    const result = guardrailDecision(bernoulliStats(40, 2000), bernoulliStats(110, 2000), {
      kind: 'proportion',
    })
    expect(result.decision).toBe('worse')
    expect(result.lowerBound).toBeGreaterThan(0)
  })

  it('says ok when the treatment is clearly better, or within the tolerated margin', () => {
    expect(
      guardrailDecision(bernoulliStats(110, 2000), bernoulliStats(40, 2000), { kind: 'proportion' })
        .decision,
    ).toBe('ok')
    const close = guardrailDecision(bernoulliStats(200, 20_000), bernoulliStats(204, 20_000), {
      kind: 'proportion',
    })
    expect(close.decision).toBe('inconclusive')
    expect(
      guardrailDecision(bernoulliStats(200, 20_000), bernoulliStats(204, 20_000), {
        kind: 'proportion',
        margin: 0.01,
      }).decision,
    ).toBe('ok')
  })

  it('keeps its always-valid bounds across looks, also when a look has no estimate', () => {
    const first = guardrailDecision(bernoulliStats(40, 2000), bernoulliStats(110, 2000), {
      kind: 'proportion',
    })
    const noData = guardrailDecision(emptyStats, emptyStats, { previous: first })
    expect(noData).toMatchObject({
      decision: 'worse',
      lowerBound: first.lowerBound,
      reason: 'not-enough-data',
    })
    const fresh = guardrailDecision(emptyStats, emptyStats)
    expect(fresh).toMatchObject({ decision: 'inconclusive', reason: 'not-enough-data' })
    expect(fresh.lowerBound).toBe(Number.NEGATIVE_INFINITY)
  })

  it('rarely alarms without harm and catches real harm, looked at after every batch', () => {
    const random = mulberry32(42)
    const experiments = 200
    let falseAlarms = 0
    for (let i = 0; i < experiments; i += 1) {
      if (unitsUntilWorse(random, 0.05, 0.05) !== Number.POSITIVE_INFINITY) falseAlarms += 1
    }
    expect(falseAlarms / experiments).toBeLessThan(
      0.05 + 3 * Math.sqrt((0.05 * 0.95) / experiments),
    )
    // Error rate 2% → 5%: caught every time.
    for (let i = 0; i < 20; i += 1) expect(unitsUntilWorse(random, 0.02, 0.05)).toBeLessThan(20_000)
  })
})

/**
 * Simulates an error-rate guardrail checked every 250 units per arm, up to 20,000: the units per
 * arm at the first 'worse', or Infinity.
 */
function unitsUntilWorse(random: () => number, controlRate: number, treatmentRate: number): number {
  let control: SufficientStats = emptyStats
  let treatment: SufficientStats = emptyStats
  let previous: GuardrailResult | undefined
  for (let n = 1; n <= 20_000; n += 1) {
    control = addObservation(control, random() < controlRate ? 1 : 0)
    treatment = addObservation(treatment, random() < treatmentRate ? 1 : 0)
    if (n % 250 !== 0) continue
    previous = guardrailDecision(control, treatment, {
      kind: 'proportion',
      ...(previous ? { previous } : {}),
    })
    if (previous.decision === 'worse') return n
  }
  return Number.POSITIVE_INFINITY
}
