import { expect, it } from 'vitest'
import type { Context } from './metadata-store-fixture.js'
import { newVersion } from './new-version.js'

/** The lifecycle part of the MetadataStore contract: migrations, ping, the skill count. */
export function describeLifecycle(context: Context): void {
  it('migrates idempotently and keeps data across re-runs', async () => {
    const { store, fixture } = context()
    await store.insertVersion(newVersion('alpha', '1.0.0'))
    await store.migrate()
    await store.migrate()
    const peer = await fixture.openPeer()
    await peer.migrate()
    expect(await peer.countSkills()).toBe(1)
    expect((await store.getVersion('alpha', '1.0.0'))?.version).toBe('1.0.0')
  })

  it('answers ping', async () => {
    await expect(context().store.ping()).resolves.toBeUndefined()
  })

  it('counts skills, private ones included', async () => {
    const { store } = context()
    expect(await store.countSkills()).toBe(0)
    await store.insertVersion(newVersion('a', '1.0.0'))
    await store.insertVersion(newVersion('a', '1.1.0'))
    await store.insertVersion(newVersion('b', '1.0.0', { private: true }))
    expect(await store.countSkills()).toBe(2)
  })
}
