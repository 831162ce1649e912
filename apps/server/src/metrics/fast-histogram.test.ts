import { Histogram, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { FastHistogram } from './fast-histogram.js'

const buckets = [0.1, 0.5, 1]
const values = [0.05, 0.1, 0.2, 0.5, 0.7, 2, 0]

describe('FastHistogram', () => {
  it('exposes exactly what a prom-client Histogram exposes for the same observations', async () => {
    const ours = new Registry()
    const theirs = new Registry()
    const fast = new FastHistogram({
      name: 'x_seconds',
      help: 'X.',
      labelNames: ['kind', 'result'],
      buckets,
      registry: ours,
    })
    const reference = new Histogram({
      name: 'x_seconds',
      help: 'X.',
      labelNames: ['kind', 'result'],
      buckets,
      registers: [theirs],
    })
    const a = fast.series('a', 'ok')
    const b = fast.series('b', 'error "quoted"\n')
    for (const v of values) {
      a(v)
      reference.observe({ kind: 'a', result: 'ok' }, v)
    }
    b(3)
    reference.observe({ kind: 'b', result: 'error "quoted"\n' }, 3)
    expect(await ours.metrics()).toBe(await theirs.metrics())
    const samples = async (registry: Registry) =>
      (await registry.getMetricsAsJSON()).flatMap((m) =>
        m.values.map((v) => ({ name: m.name, type: m.type, ...v, exemplar: undefined })),
      )
    expect(await samples(ours)).toEqual(await samples(theirs))
  })

  it('returns the same series for the same label values and ignores values that are not durations', async () => {
    const registry = new Registry()
    const fast = new FastHistogram({
      name: 'y_seconds',
      help: 'Y.',
      labelNames: ['k'],
      buckets,
      registry,
    })
    fast.series('one')(0.2)
    fast.series('one')(0.3)
    fast.series('one')(Number.NaN)
    fast.series('one')(-1)
    fast.series('one')(Number.POSITIVE_INFINITY)
    const text = await registry.metrics()
    expect(text).toContain('y_seconds_count{k="one"} 2\n')
    expect(text).toContain('y_seconds_sum{k="one"} 0.5\n')
    expect(() => fast.series()).toThrow(/takes 1 label values/)
  })

  it('resets to zero with the registry, and bound observers keep counting afterwards', async () => {
    const registry = new Registry()
    const fast = new FastHistogram({ name: 'z', help: 'Z.', labelNames: [], buckets, registry })
    const observe = fast.series()
    observe(0.2)
    registry.resetMetrics()
    expect(await registry.metrics()).toContain('z_count 0\n')
    observe(0.2)
    expect(await registry.metrics()).toContain('z_count 1\n')
  })

  it('refuses buckets that do not increase', () => {
    const registry = new Registry()
    const make = (b: number[]) =>
      new FastHistogram({ name: 'w', help: 'W.', labelNames: [], buckets: b, registry })
    expect(() => make([])).toThrow(/buckets/)
    expect(() => make([1, 1])).toThrow(/buckets/)
  })
})
