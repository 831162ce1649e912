import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type {
  ArmObservation,
  ExperimentRecord,
  ExperimentStore,
} from '../../src/experiments/experiment-store.js'
import { describeLeases } from './experiment-store-leases.contract.js'

/** What an experiment store implementation gives the contract for one test. */
export interface ExperimentStoreFixture {
  /** A store on an empty, migrated database. */
  readonly store: ExperimentStore
  /** Another store on the same database over its own connection, as a second replica opens it. */
  openPeer(): Promise<ExperimentStore>
  /** Closes the store and every peer, and removes the database. */
  cleanup(): Promise<void>
}

/** The behaviour every ExperimentStore must show; run it once per implementation. */
export function describeExperimentStoreContract(
  label: string,
  factory: () => Promise<ExperimentStoreFixture>,
): void {
  describe(`ExperimentStore contract: ${label}`, () => {
    let fixture: ExperimentStoreFixture

    beforeEach(async () => {
      fixture = await factory()
    })
    afterEach(async () => {
      await fixture.cleanup()
    })

    describe('experiments', () => describeExperiments(() => fixture))
    describe('starting and transitions', () => describeTransitions(() => fixture))
    describe('assignments', () => describeAssignments(() => fixture))
    describe('observations', () => describeObservations(() => fixture))
    describe('leases', () => describeLeases(() => fixture))
  })
}

type Fixture = () => ExperimentStoreFixture

/** A draft experiment of `skill`; `overrides` replace any field. */
export function newExperiment(
  key: string,
  skill: string,
  overrides: Partial<ExperimentRecord> = {},
): ExperimentRecord {
  return {
    key,
    skill,
    seed: `seed-${key}`,
    status: 'draft',
    variants: [
      { key: 'control', version: '1.0.0', weight: 0.5 },
      { key: 'b', version: '2.0.0', weight: 0.5 },
    ],
    coverage: 0.25,
    primaryMetric: 'success',
    guardrails: [
      { metric: 'load_time_ms', direction: 'lower-is-better' },
      { metric: 'error', direction: 'lower-is-better' },
    ],
    ramp: [{ at: '2024-06-01T00:00:00.000Z', coverage: 0.5 }],
    createdAt: new Date('2024-05-01T10:00:00.123Z'),
    startedAt: null,
    endedAt: null,
    decision: null,
    ...overrides,
  }
}

function describeExperiments(fixture: Fixture): void {
  it('creates an experiment once and returns it exactly as stored', async () => {
    const { store } = fixture()
    const record = newExperiment('exp-1', 'code-review', {
      variants: [
        { key: 'control', version: '2.3.1', weight: 0.8 },
        { key: 'treatment', version: '3.0.0-beta.1', weight: 0.2 },
      ],
      coverage: 0.1,
      seed: 'Ünïcødé seed 🚀',
    })
    expect(await store.createExperiment(record)).toBe('created')
    expect(await store.createExperiment(newExperiment('exp-1', 'other'))).toBe('exists')
    expect(await store.getExperiment('exp-1')).toEqual(record)
    expect(await store.getExperiment('missing')).toBeUndefined()
  })

  it('round-trips a finished experiment with its decision and dates', async () => {
    const { store } = fixture()
    const record = newExperiment('done', 'alpha', {
      status: 'promoted',
      startedAt: new Date('2024-05-02T00:00:00.001Z'),
      endedAt: new Date('2024-05-03T00:00:00.999Z'),
      decision: { action: 'promoted', reason: 'b wins', at: '2024-05-03T00:00:00.999Z', by: 'ops' },
      guardrails: [],
      ramp: [],
    })
    await store.createExperiment(record)
    expect(await store.getExperiment('done')).toEqual(record)
  })

  it('lists experiments by creation time, all or of one skill', async () => {
    const { store } = fixture()
    const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute))
    await store.createExperiment(newExperiment('c', 'alpha', { createdAt: at(3) }))
    await store.createExperiment(newExperiment('a', 'beta', { createdAt: at(2) }))
    await store.createExperiment(newExperiment('b', 'alpha', { createdAt: at(1) }))
    expect((await store.listExperiments()).map((e) => e.key)).toEqual(['b', 'a', 'c'])
    expect((await store.listExperiments({})).map((e) => e.key)).toEqual(['b', 'a', 'c'])
    expect((await store.listExperiments({ skill: 'alpha' })).map((e) => e.key)).toEqual(['b', 'c'])
    expect(await store.listExperiments({ skill: 'gamma' })).toEqual([])
  })
}

function describeTransitions(fixture: Fixture): void {
  const startedAt = new Date('2024-05-05T05:05:05.005Z')

  it('starts a draft, at most one per skill, and reports the running one', async () => {
    const { store } = fixture()
    await store.createExperiment(newExperiment('one', 'alpha'))
    await store.createExperiment(newExperiment('two', 'alpha'))
    await store.createExperiment(newExperiment('other', 'beta'))
    expect(await store.runningExperiment('alpha')).toBeUndefined()
    expect(await store.startExperiment('one', startedAt)).toBe('started')
    expect(await store.startExperiment('two', startedAt)).toBe('conflict')
    expect(await store.startExperiment('other', startedAt)).toBe('started')
    expect(await store.startExperiment('one', startedAt)).toBe('not-draft')
    expect(await store.startExperiment('missing', startedAt)).toBe('not-draft')
    const running = await store.runningExperiment('alpha')
    expect(running).toMatchObject({ key: 'one', status: 'running', startedAt })
    expect((await store.getExperiment('two'))?.status).toBe('draft')
  })

  it('lets exactly one of two concurrent starts of one skill win, across replicas', async () => {
    const { store, openPeer } = fixture()
    const peer = await openPeer()
    for (let round = 0; round < 5; round += 1) {
      const skill = `skill-${round}`
      await store.createExperiment(newExperiment(`${skill}-a`, skill))
      await store.createExperiment(newExperiment(`${skill}-b`, skill))
      const results = await Promise.all([
        store.startExperiment(`${skill}-a`, startedAt),
        peer.startExperiment(`${skill}-b`, startedAt),
      ])
      expect(results.filter((r) => r === 'started')).toHaveLength(1)
      expect(results.filter((r) => r === 'conflict')).toHaveLength(1)
      const winner = results[0] === 'started' ? `${skill}-a` : `${skill}-b`
      expect((await peer.runningExperiment(skill))?.key).toBe(winner)
    }
  })

  it('transitions only from the expected status, stamping the end and the decision', async () => {
    const { store } = fixture()
    await store.createExperiment(newExperiment('exp', 'alpha'))
    const at = new Date('2024-05-06T00:00:00.000Z')
    const decision = {
      action: 'stopped',
      reason: 'manual',
      at: at.toISOString(),
      by: 'ops',
    } as const
    expect(await store.transitionExperiment('exp', { from: 'running', to: 'stopped', at })).toBe(
      false,
    )
    expect(await store.startExperiment('exp', startedAt)).toBe('started')
    expect(
      await store.transitionExperiment('exp', { from: 'running', to: 'stopped', at, decision }),
    ).toBe(true)
    expect(await store.getExperiment('exp')).toMatchObject({
      status: 'stopped',
      startedAt,
      endedAt: at,
      decision,
    })
    expect(await store.runningExperiment('alpha')).toBeUndefined()
    const later = new Date('2024-05-07T00:00:00.000Z')
    expect(
      await store.transitionExperiment('exp', { from: 'running', to: 'rolled-back', at: later }),
    ).toBe(false)
    expect(await store.transitionExperiment('missing', { from: 'draft', to: 'stopped', at })).toBe(
      false,
    )
    expect((await store.getExperiment('exp'))?.endedAt).toEqual(at)
  })

  it('lets a new experiment of the skill start once the running one ended', async () => {
    const { store } = fixture()
    await store.createExperiment(newExperiment('first', 'alpha'))
    await store.createExperiment(newExperiment('second', 'alpha'))
    await store.startExperiment('first', startedAt)
    const at = new Date('2024-05-06T00:00:00.000Z')
    await store.transitionExperiment('first', { from: 'running', to: 'rolled-back', at })
    expect(await store.startExperiment('second', at)).toBe('started')
    // A transition into running that would make two run is refused like a stale `from`.
    await store.createExperiment(newExperiment('third', 'alpha'))
    expect(await store.transitionExperiment('third', { from: 'draft', to: 'running', at })).toBe(
      false,
    )
    expect((await store.getExperiment('third'))?.status).toBe('draft')
  })
}

function describeAssignments(fixture: Fixture): void {
  it('keeps the first variant stored for a user', async () => {
    const { store } = fixture()
    await store.createExperiment(newExperiment('exp', 'alpha'))
    expect(await store.getAssignment('exp', 'user-1')).toBeUndefined()
    expect(await store.assign('exp', 'user-1', 'b')).toBe('b')
    expect(await store.assign('exp', 'user-1', 'control')).toBe('b')
    expect(await store.getAssignment('exp', 'user-1')).toBe('b')
    expect(await store.assign('exp', 'user-2', 'control')).toBe('control')
  })

  it('agrees on one variant when 20 first requests race on two replicas', async () => {
    const { store, openPeer } = fixture()
    const peer = await openPeer()
    await store.createExperiment(newExperiment('exp', 'alpha'))
    for (const user of ['racer-1', 'racer-2', 'racer-3']) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? store : peer).assign('exp', user, `variant-${i}`),
        ),
      )
      const stored = await store.getAssignment('exp', user)
      expect(stored).toBeDefined()
      expect(new Set(results)).toEqual(new Set([stored]))
    }
    const counts = Object.values(await store.assignmentCounts('exp'))
    expect(counts.reduce((total, users) => total + users, 0)).toBe(3)
  })

  it('counts distinct users per variant, per experiment', async () => {
    const { store } = fixture()
    await store.createExperiment(newExperiment('exp', 'alpha'))
    await store.createExperiment(newExperiment('other', 'beta'))
    expect(await store.assignmentCounts('exp')).toEqual({})
    for (let i = 0; i < 7; i += 1) await store.assign('exp', `u${i}`, i < 3 ? 'control' : 'b')
    await store.assign('exp', 'u0', 'b')
    await store.assign('other', 'u0', 'control')
    expect(await store.assignmentCounts('exp')).toEqual({ control: 3, b: 4 })
    expect(await store.assignmentCounts('other')).toEqual({ control: 1 })
  })
}

function observation(
  id: string,
  variant: string,
  metric: string,
  value: number,
  experiment = 'exp',
): ArmObservation {
  return { id, experiment, variant, metric, value }
}

function describeObservations(fixture: Fixture): void {
  it('aggregates count, sum and sum of squares per arm and metric', async () => {
    const { store } = fixture()
    await store.createExperiment(newExperiment('exp', 'alpha'))
    await store.createExperiment(newExperiment('other', 'beta'))
    expect(await store.armStats('exp')).toEqual([])
    expect(
      await store.addObservations([
        observation('1', 'control', 'success', 1),
        observation('2', 'control', 'success', 0),
        observation('3', 'b', 'success', 1),
        observation('4', 'b', 'load_time_ms', 12.5),
        observation('5', 'b', 'load_time_ms', 7.25),
        observation('1', 'control', 'success', 1, 'other'),
      ]),
    ).toEqual({ accepted: 6, duplicates: 0 })
    await store.addObservations([observation('6', 'control', 'success', 1)])
    expect(await store.armStats('exp')).toEqual([
      { variant: 'b', metric: 'load_time_ms', n: 2, sum: 19.75, sumSquares: 208.8125 },
      { variant: 'b', metric: 'success', n: 1, sum: 1, sumSquares: 1 },
      { variant: 'control', metric: 'success', n: 3, sum: 2, sumSquares: 2 },
    ])
    expect(await store.armStats('other')).toEqual([
      { variant: 'control', metric: 'success', n: 1, sum: 1, sumSquares: 1 },
    ])
    expect(await store.addObservations([])).toEqual({ accepted: 0, duplicates: 0 })
  })

  it('refuses non-finite and out-of-bound values whole, and keeps sums finite', async () => {
    const { store } = fixture()
    await store.createExperiment(newExperiment('exp', 'alpha'))
    for (const value of [1e308, Number.POSITIVE_INFINITY, Number.NaN, -2e9]) {
      await expect(
        store.addObservations([
          observation('ok', 'b', 'size', 1),
          observation(`bad-${value}`, 'b', 'size', value),
        ]),
      ).rejects.toThrow(RangeError)
    }
    expect(await store.armStats('exp')).toEqual([])
    // The largest allowed values, many times: every sum stays a finite number.
    const largest = Array.from({ length: 1000 }, (_, i) => observation(`m${i}`, 'b', 'size', 1e9))
    await store.addObservations(largest)
    await store.addObservations(largest.map((o) => ({ ...o, id: `again-${o.id}` })))
    const [stats] = await store.armStats('exp')
    expect(stats).toEqual({ variant: 'b', metric: 'size', n: 2000, sum: 2e12, sumSquares: 2e21 })
  })

  it('counts each id once: repeats, in a batch or later, change nothing', async () => {
    const { store } = fixture()
    await store.createExperiment(newExperiment('exp', 'alpha'))
    const batch = [
      observation('a', 'control', 'success', 1),
      observation('b', 'b', 'success', 0),
      observation('a', 'control', 'success', 1),
    ]
    expect(await store.addObservations(batch)).toEqual({ accepted: 2, duplicates: 1 })
    const before = await store.armStats('exp')
    expect(await store.addObservations(batch)).toEqual({ accepted: 0, duplicates: 3 })
    expect(
      await store.addObservations([
        observation('b', 'b', 'success', 1),
        observation('c', 'b', 'success', 1),
      ]),
    ).toEqual({ accepted: 1, duplicates: 1 })
    expect(before).toEqual([
      { variant: 'b', metric: 'success', n: 1, sum: 0, sumSquares: 0 },
      { variant: 'control', metric: 'success', n: 1, sum: 1, sumSquares: 1 },
    ])
    expect(await store.armStats('exp')).toEqual([
      { variant: 'b', metric: 'success', n: 2, sum: 1, sumSquares: 1 },
      { variant: 'control', metric: 'success', n: 1, sum: 1, sumSquares: 1 },
    ])
  })

  it('sums a 1,000-event batch exactly once under concurrent retries on two replicas', async () => {
    const { store, openPeer } = fixture()
    const peer = await openPeer()
    await store.createExperiment(newExperiment('exp', 'alpha'))
    const batch = Array.from({ length: 1000 }, (_, i) =>
      observation(
        `e${i}`,
        i % 2 === 0 ? 'control' : 'b',
        i % 3 === 0 ? 'error' : 'load_time_ms',
        i,
      ),
    )
    const reversed = [...batch].reverse()
    const results = await Promise.all([
      store.addObservations(batch),
      peer.addObservations(reversed),
      store.addObservations(batch.slice(0, 500)),
    ])
    expect(results.reduce((total, r) => total + r.accepted, 0)).toBe(1000)
    expect(results.reduce((total, r) => total + r.duplicates, 0)).toBe(1500)
    const expected = new Map<string, { n: number; sum: number; sumSquares: number }>()
    for (const { variant, metric, value } of batch) {
      const stats = expected.get(`${variant}/${metric}`) ?? { n: 0, sum: 0, sumSquares: 0 }
      expected.set(`${variant}/${metric}`, {
        n: stats.n + 1,
        sum: stats.sum + value,
        sumSquares: stats.sumSquares + value * value,
      })
    }
    const stats = await peer.armStats('exp')
    expect(stats).toHaveLength(expected.size)
    for (const { variant, metric, ...actual } of stats) {
      expect(actual).toEqual(expected.get(`${variant}/${metric}`))
    }
  })
}
