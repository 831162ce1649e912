import { assignVariation, getBucketRanges, sampleRatioMismatch } from '@skillship/experiments'
import { describe, expect, it } from 'vitest'
import { currentCoverage, hashedArm } from './experiment-arms.js'
import { bestSignificantVariant, buildExperimentReport } from './experiment-report.js'
import type { ExperimentRecord } from './experiment-store.js'
import { validateEvents } from './validate-events.js'
import { validateExperimentRequest } from './validate-experiment.js'

const request = {
  key: 'review-3',
  skill: 'code-review',
  variants: [
    { key: 'control', version: '2.3.1', weight: 4 },
    { key: 'b', version: '3.0.0', weight: 1 },
  ],
  primaryMetric: 'success',
}

const fieldOf = (body: Record<string, unknown>): unknown => {
  try {
    validateExperimentRequest(body)
  } catch (error) {
    return (error as { code: string; details: { field: string } }).details.field
  }
  return undefined
}

const record = (overrides: Partial<ExperimentRecord> = {}): ExperimentRecord => ({
  key: 'review-3',
  skill: 'code-review',
  seed: 'seed-1',
  status: 'running',
  variants: [
    { key: 'control', version: '2.3.1', weight: 0.5 },
    { key: 'b', version: '3.0.0', weight: 0.5 },
  ],
  coverage: 1,
  primaryMetric: 'success',
  guardrails: [{ metric: 'error', direction: 'lower-is-better' }],
  ramp: [],
  createdAt: new Date(0),
  startedAt: new Date(0),
  endedAt: null,
  decision: null,
  ...overrides,
})

describe('validateExperimentRequest', () => {
  it('normalises weights and applies the default coverage and guardrails', () => {
    const valid = validateExperimentRequest(request)
    expect(valid.variants.map((v) => v.weight)).toEqual([0.8, 0.2])
    expect(valid.coverage).toBe(1)
    expect(valid.guardrails.map((g) => g.metric)).toEqual(['load_time_ms', 'error'])
  })

  it('names the first bad field', () => {
    expect(fieldOf({ ...request, key: 'Bad Key' })).toBe('key')
    expect(fieldOf({ ...request, key: 'assignment' })).toBe('key')
    expect(fieldOf({ ...request, variants: [request.variants[0]] })).toBe('variants')
    expect(fieldOf({ ...request, variants: [...request.variants].reverse() })).toBe(
      'variants[0].key',
    )
    expect(
      fieldOf({ ...request, variants: [request.variants[0], { ...request.variants[0] }] }),
    ).toBe('variants[1].key')
    expect(
      fieldOf({
        ...request,
        variants: [request.variants[0], { key: 'b', version: '3.0.0', weight: 0 }],
      }),
    ).toBe('variants[1].weight')
    expect(fieldOf({ ...request, coverage: 0 })).toBe('coverage')
    expect(fieldOf({ ...request, coverage: 1.5 })).toBe('coverage')
    expect(fieldOf({ ...request, primaryMetric: '' })).toBe('primaryMetric')
    expect(
      fieldOf({
        ...request,
        ramp: [
          { at: '2030-01-02T00:00:00Z', coverage: 0.5 },
          { at: '2030-01-01T00:00:00Z', coverage: 1 },
        ],
      }),
    ).toBe('ramp[1].at')
    expect(fieldOf({ ...request, guardrails: [{ metric: 'error', direction: 'up' }] })).toBe(
      'guardrails[0].direction',
    )
  })
})

describe('validateEvents', () => {
  const event = { id: 'a', skill: 's', version: '1.0.0', user: 'u', metric: 'success', value: 1 }
  it('refuses the batch at the first bad event, with its index', () => {
    expect(() => validateEvents({ events: [event, { ...event, value: Number.NaN }] })).toThrow(
      expect.objectContaining({
        code: 'EXPERIMENT_EVENTS_INVALID',
        details: { index: 1, field: 'value' },
      }),
    )
    expect(() => validateEvents({ events: [{ ...event, id: '' }] })).toThrow(
      expect.objectContaining({ details: { index: 0, field: 'id' } }),
    )
    expect(() => validateEvents([])).toThrow(
      expect.objectContaining({ details: { field: 'events' } }),
    )
    expect(validateEvents({ events: [event] })).toEqual([event])
  })
})

describe('assignment with coverage and ramp', () => {
  it('uses the last ramp step at or before now, else the coverage', () => {
    const ramped = record({
      coverage: 0.1,
      ramp: [
        { at: '2030-01-01T00:00:00.000Z', coverage: 0.25 },
        { at: '2030-01-02T00:00:00.000Z', coverage: 1 },
      ],
    })
    expect(currentCoverage(ramped, new Date('2029-12-31T00:00:00Z'))).toBe(0.1)
    expect(currentCoverage(ramped, new Date('2030-01-01T00:00:00Z'))).toBe(0.25)
    expect(currentCoverage(ramped, new Date('2030-01-05T00:00:00Z'))).toBe(1)
  })

  it('is GrowthBook hash v2 over the normalised weights, and a ramp only adds users', () => {
    const experiment = record({
      coverage: 0.2,
      ramp: [{ at: '2030-01-01T00:00:00.000Z', coverage: 0.8 }],
    })
    const before = new Date('2029-01-01T00:00:00Z')
    const after = new Date('2030-06-01T00:00:00Z')
    let covered = 0
    for (let i = 0; i < 5000; i++) {
      const user = `user-${i}`
      const early = hashedArm(experiment, user, before)
      expect(early).toBe(assignVariation('seed-1', user, getBucketRanges(2, 0.2, [0.5, 0.5])))
      const late = hashedArm(experiment, user, after)
      if (early !== -1) {
        covered++
        expect(late).toBe(early)
      }
    }
    expect(covered / 5000).toBeGreaterThan(0.17)
    expect(covered / 5000).toBeLessThan(0.23)
  })

  it('splits users by the weights (within the SRM test)', () => {
    const experiment = record({
      variants: [
        { key: 'control', version: '1', weight: 0.8 },
        { key: 'b', version: '2', weight: 0.2 },
      ],
    })
    const counts = [0, 0]
    for (let i = 0; i < 20000; i++) {
      const arm = hashedArm(experiment, `u${i}`, new Date())
      counts[arm] = (counts[arm] ?? 0) + 1
    }
    expect(sampleRatioMismatch(counts, [0.8, 0.2]).mismatch).toBe(false)
  })
})

describe('buildExperimentReport', () => {
  it('wires users, lift (mSPRT), chance to win, SRM and guardrails', () => {
    const report = buildExperimentReport(record(), { control: 1000, b: 1200 }, [
      { variant: 'control', metric: 'success', n: 1000, sum: 300, sumSquares: 300 },
      { variant: 'b', metric: 'success', n: 1200, sum: 540, sumSquares: 540 },
      { variant: 'control', metric: 'error', n: 1000, sum: 20, sumSquares: 20 },
      { variant: 'b', metric: 'error', n: 1200, sum: 120, sumSquares: 120 },
    ])
    expect(report.arms.map((arm) => arm.users)).toEqual([1000, 1200])
    expect(report.arms[1]?.metrics['success']).toEqual({ n: 1200, sum: 540, sumSquares: 540 })
    const primary = report.primary[0]
    expect(primary?.controlMean).toBeCloseTo(0.3, 12)
    expect(primary?.variantMean).toBeCloseTo(0.45, 12)
    expect(primary?.lift).toBeCloseTo(0.5, 12)
    expect(primary?.pValue).toBeLessThan(0.001)
    expect(primary?.chanceToWin).toBeGreaterThan(0.999)
    // [1000, 1200] at 50/50: p = 2.0079e-5 (docs/experiments.md §7).
    expect(report.srmPValue).toBeCloseTo(2.0079e-5, 8)
    expect(report.guardrails).toEqual([{ metric: 'error', variant: 'b', state: 'worse' }])
    expect(bestSignificantVariant(report)).toBe('b')
  })

  it('has no estimates and no SRM p-value without data', () => {
    const report = buildExperimentReport(record(), {}, [])
    expect(report.primary[0]).toMatchObject({ lift: null, pValue: null, chanceToWin: null })
    expect(report.srmPValue).toBeNull()
    expect(report.guardrails[0]?.state).toBe('inconclusive')
    expect(bestSignificantVariant(report)).toBeUndefined()
  })
})
