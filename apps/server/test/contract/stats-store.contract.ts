import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  bucketSlots,
  type ExperimentSnapshot,
  type LoadStatsRecord,
} from '../../src/stats/stats-store.js'
import type { ConsoleStoresFixture } from './console-stores-fixture.js'

const hour = 480_000 // 2024-10-04T00:00Z in epoch hours

/** A record of `loads` loads of `name@version` in `at`, every load in bucket 2. */
export function loadRecord(
  name: string,
  version: string,
  at: number,
  overrides: Partial<LoadStatsRecord> = {},
): LoadStatsRecord {
  const loads = overrides.loads ?? 3
  const buckets = Array.from({ length: bucketSlots }, (_, i) => (i === 2 ? loads : 0))
  return {
    name,
    version,
    hour: at,
    loads,
    hits: 1,
    timeMs: 0.5 * loads,
    buckets,
    phases: { resolve: 0.1, blobRead: 0.2, integrity: 0.3, unpack: 0.4, render: 0.5 },
    ...overrides,
  }
}

const snapshot = (day: string, users: number): ExperimentSnapshot => ({
  day,
  arms: [
    { variant: 'b', users: users + 1, metrics: { success: { n: 4, sum: 2, sumSquares: 2 } } },
    { variant: 'control', users, metrics: { success: { n: 5, sum: 1.5, sumSquares: 0.75 } } },
  ],
})

/** The behaviour every StatsStore must show; run it once per engine. */
export function describeStatsStoreContract(
  label: string,
  factory: () => Promise<ConsoleStoresFixture>,
): void {
  describe(`StatsStore contract: ${label}`, () => {
    let fixture: ConsoleStoresFixture
    beforeEach(async () => {
      fixture = await factory()
    })
    afterEach(async () => {
      await fixture.cleanup()
    })

    it('adds loads per name, version and hour, and reads them back in hour then version order', async () => {
      const { stats } = fixture
      await stats.addLoadStats([
        loadRecord('alpha', '2.0.0', hour + 1),
        loadRecord('alpha', '1.0.0', hour + 1),
        loadRecord('alpha', '1.0.0', hour),
        loadRecord('beta', '1.0.0', hour),
      ])
      await stats.addLoadStats([loadRecord('alpha', '1.0.0', hour, { loads: 2, hits: 2 })])
      const read = await stats.readLoadStats('alpha', hour)
      expect(read.map((r) => [r.hour, r.version, r.loads, r.hits])).toEqual([
        [hour, '1.0.0', 5, 3],
        [hour + 1, '1.0.0', 3, 1],
        [hour + 1, '2.0.0', 3, 1],
      ])
      const first = read[0]
      expect(first?.buckets[2]).toBe(5)
      expect(first?.buckets.length).toBe(bucketSlots)
      expect(first?.timeMs).toBeCloseTo(2.5)
      expect(first?.phases.render).toBeCloseTo(1)
      expect(await stats.readLoadStats('alpha', hour + 1)).toHaveLength(2)
      expect(await stats.readLoadStats('gamma', 0)).toEqual([])
    })

    it('sums records of one key within a batch', async () => {
      const { stats } = fixture
      await stats.addLoadStats([
        loadRecord('alpha', '1.0.0', hour),
        loadRecord('alpha', '1.0.0', hour),
      ])
      expect((await stats.readLoadStats('alpha', 0))[0]?.loads).toBe(6)
    })

    it('loses nothing when two replicas add to the same keys at once', async () => {
      const { stats, openPeer } = fixture
      const peer = await openPeer()
      const batch = [loadRecord('alpha', '1.0.0', hour), loadRecord('beta', '1.0.0', hour)]
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? stats : peer.stats).addLoadStats(batch),
        ),
      )
      expect((await stats.readLoadStats('alpha', 0))[0]?.loads).toBe(30)
      expect((await peer.stats.readLoadStats('beta', 0))[0]?.loads).toBe(30)
    })

    it.each([
      ['negative loads', { loads: -1 }],
      ['hits above loads', { loads: 1, hits: 2 }],
      ['a fractional count', { hits: 0.5 }],
      ['a time that is not finite', { timeMs: Number.NaN }],
      ['too few buckets', { buckets: [1, 2] }],
      [
        'a negative phase',
        { phases: { resolve: -1, blobRead: 0, integrity: 0, unpack: 0, render: 0 } },
      ],
    ])('refuses a batch holding %s and writes none of it', async (_, overrides) => {
      const { stats } = fixture
      const batch = [
        loadRecord('alpha', '1.0.0', hour),
        loadRecord('beta', '1.0.0', hour, overrides),
      ]
      await expect(stats.addLoadStats(batch)).rejects.toBeInstanceOf(RangeError)
      expect(await stats.readLoadStats('alpha', 0)).toEqual([])
    })

    it('replaces the snapshot of a day and reads snapshots oldest first, arms by variant', async () => {
      const { stats } = fixture
      await stats.putExperimentSnapshot('exp', snapshot('2024-10-05', 10))
      await stats.putExperimentSnapshot('exp', snapshot('2024-10-04', 1))
      await stats.putExperimentSnapshot('exp', snapshot('2024-10-05', 20))
      await stats.putExperimentSnapshot('other', snapshot('2024-10-05', 99))
      const read = await stats.readExperimentSnapshots('exp')
      expect(read.map((s) => [s.day, s.arms.map((a) => [a.variant, a.users])])).toEqual([
        [
          '2024-10-04',
          [
            ['b', 2],
            ['control', 1],
          ],
        ],
        [
          '2024-10-05',
          [
            ['b', 21],
            ['control', 20],
          ],
        ],
      ])
      expect(read[1]?.arms[1]?.metrics).toEqual({ success: { n: 5, sum: 1.5, sumSquares: 0.75 } })
      expect(await stats.readExperimentSnapshots('none')).toEqual([])
    })

    it('prunes load hours and snapshot days before the cutoff, and counts what went', async () => {
      const { stats } = fixture
      await stats.addLoadStats([
        loadRecord('alpha', '1.0.0', hour - 1),
        loadRecord('alpha', '1.0.0', hour),
      ])
      await stats.putExperimentSnapshot('exp', snapshot('2024-10-03', 1))
      await stats.putExperimentSnapshot('exp', snapshot('2024-10-04', 1))
      expect(await stats.pruneBefore(hour)).toBe(1 + 2)
      expect((await stats.readLoadStats('alpha', 0)).map((r) => r.hour)).toEqual([hour])
      expect((await stats.readExperimentSnapshots('exp')).map((s) => s.day)).toEqual(['2024-10-04'])
      expect(await stats.pruneBefore(hour)).toBe(0)
    })
  })
}
