import { expect, it } from 'vitest'
import type { ExperimentStoreFixture } from './experiment-store.contract.js'

/** The lease part of the ExperimentStore contract: one owner at a time, renewal, expiry, races. */
export function describeLeases(fixture: () => ExperimentStoreFixture): void {
  const now = new Date('2024-05-01T00:00:00.000Z')
  const after = (ms: number) => new Date(now.getTime() + ms)

  it('gives a free lease to one owner and refuses the other until it expires', async () => {
    const { store } = fixture()
    expect(await store.acquireLease('evaluator', 'replica-a', 10_000, now)).toBe(true)
    expect(await store.acquireLease('evaluator', 'replica-b', 10_000, after(1))).toBe(false)
    expect(await store.acquireLease('other-lease', 'replica-b', 10_000, after(1))).toBe(true)
    expect(await store.acquireLease('evaluator', 'replica-b', 10_000, after(9_999))).toBe(false)
    expect(await store.acquireLease('evaluator', 'replica-b', 10_000, after(10_001))).toBe(true)
    expect(await store.acquireLease('evaluator', 'replica-a', 10_000, after(10_002))).toBe(false)
  })

  it('is renewed by its holder, which pushes the expiry out', async () => {
    const { store } = fixture()
    expect(await store.acquireLease('evaluator', 'replica-a', 10_000, now)).toBe(true)
    expect(await store.acquireLease('evaluator', 'replica-a', 10_000, after(8_000))).toBe(true)
    expect(await store.acquireLease('evaluator', 'replica-b', 10_000, after(12_000))).toBe(false)
    expect(await store.acquireLease('evaluator', 'replica-b', 10_000, after(18_001))).toBe(true)
  })

  it('goes to exactly one of many owners racing on two replicas', async () => {
    const { store, openPeer } = fixture()
    const peer = await openPeer()
    const owners = Array.from({ length: 10 }, (_, i) => `replica-${i}`)
    const results = await Promise.all(
      owners.map((owner, i) =>
        (i % 2 === 0 ? store : peer).acquireLease('race', owner, 5_000, now),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    const winner = owners[results.indexOf(true)] ?? ''
    expect(await peer.acquireLease('race', winner, 5_000, after(1_000))).toBe(true)
  })
}
