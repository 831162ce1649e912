import { expect, it } from 'vitest'
import type { PublisherKeyRecord } from '../../src/storage/metadata-store.js'
import type { Context } from './metadata-store-fixture.js'
import { clockTick, newVersion } from './new-version.js'

const keyA: PublisherKeyRecord = {
  keyId: `sha256:${'a'.repeat(64)}`,
  publicKey: '-----BEGIN PUBLIC KEY-----\nA\n-----END PUBLIC KEY-----\n',
  owner: 'alice',
  scopes: ['publish:team-*'],
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  revokedAt: null,
}
const keyB: PublisherKeyRecord = {
  ...keyA,
  keyId: `sha256:${'b'.repeat(64)}`,
  owner: 'bob',
  scopes: ['admin'],
  createdAt: new Date('2026-01-02T00:00:00.000Z'),
}

/** The publisher-key part of the MetadataStore contract (signed skills, issue 18). */
export function describePublisherKeys(context: Context): void {
  it('adds a key once, reads it back, and lists keys per owner or all', async () => {
    const { store } = context()
    expect(await store.addPublisherKey(keyA)).toBe('created')
    expect(await store.addPublisherKey({ ...keyA, owner: 'mallory' })).toBe('exists')
    expect(await store.addPublisherKey(keyB)).toBe('created')
    expect(await store.getPublisherKey(keyA.keyId)).toEqual(keyA)
    expect(await store.getPublisherKey(`sha256:${'c'.repeat(64)}`)).toBeUndefined()
    expect(await store.listPublisherKeys('alice')).toEqual([keyA])
    expect(await store.listPublisherKeys(undefined)).toEqual([keyA, keyB])
    expect(await store.listPublisherKeys('nobody')).toEqual([])
  })

  it('stores a signed version with its bundle and flags it once the key is revoked', async () => {
    const { store } = context()
    await store.addPublisherKey(keyA)
    const bundle = '{"mediaType":"bundle"}'
    await store.insertVersion(
      newVersion('team-pdf', '1.0.0', { publisherSignature: { keyId: keyA.keyId, bundle } }),
    )
    await store.insertVersion(newVersion('team-pdf', '1.1.0'))
    expect(await store.getPublisherBundle('team-pdf', '1.0.0')).toBe(bundle)
    expect(await store.getPublisherBundle('team-pdf', '1.1.0')).toBeUndefined()
    expect((await store.getVersion('team-pdf', '1.0.0'))?.publisherSignature).toEqual({
      keyId: keyA.keyId,
      revoked: false,
    })
    expect((await store.getVersion('team-pdf', '1.1.0'))?.publisherSignature).toBeNull()
    const at = new Date('2026-02-01T00:00:00.000Z')
    const before = (await store.getSkill('team-pdf'))?.updatedAt.getTime() ?? 0
    await clockTick()
    expect(await store.revokePublisherKey(keyA.keyId, at)).toEqual({
      revoked: true,
      names: ['team-pdf'],
    })
    expect(await store.revokePublisherKey(keyA.keyId, at)).toEqual({
      revoked: false,
      names: ['team-pdf'],
    })
    expect((await store.getPublisherKey(keyA.keyId))?.revokedAt).toEqual(at)
    // Caches that revalidate by updatedAt (a replica whose notifications lapsed) see the flag.
    expect((await store.getSkill('team-pdf'))?.updatedAt.getTime()).toBeGreaterThan(before)
    const versions = await store.listVersions('team-pdf')
    expect(versions.map((version) => version.publisherSignature)).toEqual([
      { keyId: keyA.keyId, revoked: true },
      null,
    ])
    expect(await store.revokePublisherKey(keyB.keyId, at)).toEqual({ revoked: false, names: [] })
  })
}
