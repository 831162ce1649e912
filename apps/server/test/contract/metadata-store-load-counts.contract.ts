import { expect, it } from 'vitest'
import type { Context } from './metadata-store-fixture.js'
import { newVersion } from './new-version.js'

/** The load-count part of the MetadataStore contract (warm-up ranks skills by these counts). */
export function describeLoadCounts(context: Context): void {
  it('sums load counts across calls and lists the most loaded, highest first', async () => {
    const { store } = context()
    for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
      await store.insertVersion(newVersion(name, '1.0.0'))
    }
    expect(await store.mostLoaded(10)).toEqual([])
    await store.recordLoads(
      new Map([
        ['alpha', 3],
        ['beta', 5],
        ['gamma', 1],
      ]),
    )
    await store.recordLoads(
      new Map([
        ['alpha', 4],
        ['delta', 0],
      ]),
    )
    await store.recordLoads(new Map())
    expect(await store.mostLoaded(10)).toEqual(['alpha', 'beta', 'gamma'])
    expect(await store.mostLoaded(2)).toEqual(['alpha', 'beta'])
    expect(await store.mostLoaded(0)).toEqual([])
  })

  it('breaks ties by name and never lists a name that is not a skill', async () => {
    const { store } = context()
    await store.insertVersion(newVersion('zulu', '1.0.0'))
    await store.insertVersion(newVersion('alpha', '1.0.0', { private: true }))
    await store.recordLoads(
      new Map([
        ['zulu', 2],
        ['alpha', 2],
        ['ghost', 99],
      ]),
    )
    expect(await store.mostLoaded(5)).toEqual(['alpha', 'zulu'])
  })

  it('loses no count when two processes flush the same names at once', async () => {
    const { store, fixture } = context()
    const peer = await fixture.openPeer()
    await peer.migrate()
    for (const name of ['a', 'b', 'c']) await store.insertVersion(newVersion(name, '1.0.0'))
    const forward = new Map([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ])
    const backward = new Map([
      ['c', 2],
      ['b', 2],
      ['a', 2],
    ])
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 === 0 ? store : peer).recordLoads(index % 2 === 0 ? forward : backward),
      ),
    )
    await store.recordLoads(new Map([['b', 1]]))
    expect(await store.mostLoaded(3)).toEqual(['b', 'a', 'c'])
  })

  it('refuses a count that is not a whole number >= 0 and stores nothing of that batch', async () => {
    const { store } = context()
    await store.insertVersion(newVersion('alpha', '1.0.0'))
    await expect(
      store.recordLoads(
        new Map([
          ['alpha', 1],
          ['beta', -1],
        ]),
      ),
    ).rejects.toThrow(/whole number/)
    await expect(store.recordLoads(new Map([['alpha', 1.5]]))).rejects.toThrow(/whole number/)
    expect(await store.mostLoaded(5)).toEqual([])
  })
}
