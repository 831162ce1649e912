import { describe, expect, it } from 'vitest'
import { percentileMs } from './build-skill-stats.js'
import { createLoadRecorder, noPhases } from './load-recorder.js'
import { bucketSlots } from './stats-store.js'

const hourMs = 3_600_000
const phases = { resolve: 0.1, blobRead: 0.2, integrity: 0.3, unpack: 0.4, render: 0.5 }

describe('createLoadRecorder', () => {
  it('sums loads per version and hour, with hits, times, buckets and phases', () => {
    let now = 10 * hourMs + 5
    const recorder = createLoadRecorder({ maxEntries: 10, now: () => now })
    recorder.record('a', '1.0.0', 0.00004, true, noPhases())
    recorder.record('a', '1.0.0', 0.002, false, phases)
    recorder.record('a', '2.0.0', 7, false, phases)
    now += hourMs
    recorder.record('a', '1.0.0', 0.002, false, phases)
    const records = recorder.drain()
    expect(records.map((r) => [r.hour, r.version, r.loads, r.hits])).toEqual([
      [10, '1.0.0', 2, 1],
      [10, '2.0.0', 1, 0],
      [11, '1.0.0', 1, 0],
    ])
    const first = records[0]
    expect(first?.buckets).toHaveLength(bucketSlots)
    // 40 us falls in the first bucket (≤ 50 us), 2 ms in (1 ms, 2.5 ms], 7 s above every bound.
    expect(first?.buckets[0]).toBe(1)
    expect(first?.buckets[5]).toBe(1)
    expect(records[1]?.buckets[bucketSlots - 1]).toBe(1)
    expect(first?.timeMs).toBeCloseTo(2.04)
    expect(first?.phases.unpack).toBeCloseTo(0.4)
    expect(recorder.drain()).toEqual([])
  })

  it('holds at most maxEntries versions and counts the loads it drops', () => {
    const recorder = createLoadRecorder({ maxEntries: 2, now: () => 0 })
    for (const version of ['1', '2', '3', '4']) recorder.record('a', version, 0.001, false, phases)
    recorder.record('a', '1', 0.001, false, phases)
    expect(recorder.drain().map((r) => [r.version, r.loads])).toEqual([
      ['1', 2],
      ['2', 1],
    ])
    expect(recorder.dropped()).toBe(2)
  })

  it('puts back what a failed flush drained, added to what came meanwhile, within the bound', () => {
    const recorder = createLoadRecorder({ maxEntries: 2, now: () => 0 })
    recorder.record('a', '1', 0.001, false, phases)
    const drained = recorder.drain()
    const [first] = drained
    if (first === undefined) throw new Error('nothing drained')
    recorder.record('a', '1', 0.001, true, phases)
    recorder.record('a', '2', 0.001, true, phases)
    recorder.restore([...drained, { ...first, version: '3' }])
    expect(recorder.drain().map((r) => [r.version, r.loads, r.hits])).toEqual([
      ['1', 2, 1],
      ['2', 1, 1],
    ])
    expect(recorder.dropped()).toBe(1)
  })
})

describe('percentileMs', () => {
  const histogram = (counts: Record<number, number>) =>
    Array.from({ length: bucketSlots }, (_, i) => counts[i] ?? 0)

  it.each([
    // Four loads in (1 ms, 2.5 ms]: the median is halfway through that bucket.
    [histogram({ 5: 4 }), 0.5, 1.75],
    [histogram({ 0: 1 }), 0.5, 0.025],
    // Rank 95 of 100 is 45 of the 50 loads in (2.5 s, 5 s].
    [histogram({ 0: 50, 16: 50 }), 0.95, 4750],
    // Above every bound: the last bound, 5 s.
    [histogram({ 17: 3 }), 0.5, 5000],
  ])('interpolates within the bucket holding the quantile (%#)', (buckets, q, expected) => {
    expect(percentileMs(buckets, q)).toBeCloseTo(expected)
  })

  it('is null without loads', () => {
    expect(percentileMs(histogram({}), 0.5)).toBeNull()
  })
})
