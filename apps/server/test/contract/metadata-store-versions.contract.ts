import { expect, it } from 'vitest'
import type { MetadataStore } from '../../src/storage/metadata-store.js'
import type { Context } from './metadata-store-fixture.js'
import { newVersion } from './new-version.js'

const publishedAt = new Date('2024-05-06T07:08:09.123Z')

/** The versions part of the MetadataStore contract: publishing, reading back, skill records. */
export function describeVersions(getStore: () => MetadataStore): void {
  describeVersionRecords(getStore)
  describeSkillRecords(getStore)
}

function describeVersionRecords(getStore: () => MetadataStore): void {
  const frontmatter = {
    name: 'alpha',
    description: 'Ünïcødé "quotes" \\ and emoji 🚀',
    metadata: { nested: { list: [1, 2.5, 'three', null, true], empty: {} } },
    'allowed-tools': ['Read', 'Bash(git:*)'],
  }
  const files = [
    { path: 'SKILL.md', size: 10, mode: 0o644, sha256: 'a'.repeat(64) },
    { path: 'scripts/run.sh', size: 20, mode: 0o755, sha256: 'b'.repeat(64) },
  ]

  it('round-trips a version: JSON columns, dates, defaults', async () => {
    const store = getStore()
    const result = await store.insertVersion(
      newVersion('alpha', '1.0.0', { frontmatter, files, publishedAt, size: 7, unpackedSize: 30 }),
    )
    expect(result).toBe('created')
    const version = await store.getVersion('alpha', '1.0.0')
    expect(version).toEqual({
      name: 'alpha',
      version: '1.0.0',
      description: 'alpha 1.0.0',
      frontmatter,
      integrity: newVersion('alpha', '1.0.0').integrity,
      size: 7,
      unpackedSize: 30,
      files,
      publishedAt,
      publisher: 'alice',
      deprecated: null,
      yanked: false,
      audit: null,
      registrySignatures: [],
      publisherSignature: null,
    })
    expect(version?.publishedAt).toBeInstanceOf(Date)
    expect(version?.publishedAt.getTime()).toBe(publishedAt.getTime())
  })

  it('stores the registry signatures made at publish and reads them back', async () => {
    const store = getStore()
    const registrySignatures = [
      { keyId: `sha256:${'1'.repeat(64)}`, sig: 'c2lnLTE=' },
      { keyId: `sha256:${'2'.repeat(64)}`, sig: 'c2lnLTI=' },
    ]
    await store.insertVersion(newVersion('alpha', '1.0.0', { registrySignatures }))
    expect((await store.getVersion('alpha', '1.0.0'))?.registrySignatures).toEqual(
      registrySignatures,
    )
    expect((await store.listVersions('alpha'))[0]?.registrySignatures).toEqual(registrySignatures)
  })
}

function describeSkillRecords(getStore: () => MetadataStore): void {
  it('creates the skill on first publish with its access and dates', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { publishedAt, private: true }))
    const skill = await store.getSkill('alpha')
    expect(skill).toEqual({
      name: 'alpha',
      private: true,
      description: 'alpha 1.0.0',
      createdAt: publishedAt,
      updatedAt: publishedAt,
    })
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0' })
  })

  it('keeps the access chosen at creation on later publishes', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { private: true }))
    await store.insertVersion(newVersion('alpha', '1.1.0', { private: false }))
    expect((await store.getSkill('alpha'))?.private).toBe(true)
  })

  it('lists versions in publish order and bumps updatedAt', async () => {
    const store = getStore()
    const day = (n: number) => new Date(Date.UTC(2024, 0, n))
    await store.insertVersion(newVersion('alpha', '1.0.0', { publishedAt: day(1) }))
    await store.insertVersion(newVersion('alpha', '1.10.0', { publishedAt: day(2) }))
    await store.insertVersion(newVersion('alpha', '1.2.0', { publishedAt: day(3) }))
    const versions = await store.listVersions('alpha')
    expect(versions.map((v) => v.version)).toEqual(['1.0.0', '1.10.0', '1.2.0'])
    const skill = await store.getSkill('alpha')
    expect(skill?.createdAt).toEqual(day(1))
    expect(skill?.updatedAt).toEqual(day(3))
  })

  it('answers undefined or empty for unknown skills and versions', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0'))
    expect(await store.getSkill('nope')).toBeUndefined()
    expect(await store.getVersion('alpha', '9.9.9')).toBeUndefined()
    expect(await store.getVersion('nope', '1.0.0')).toBeUndefined()
    expect(await store.listVersions('nope')).toEqual([])
    expect(await store.getDistTags('nope')).toEqual({})
  })

  it("answers 'exists' for a duplicate and changes nothing", async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0'))
    const before = await store.getSkill('alpha')
    const duplicate = newVersion('alpha', '1.0.0', {
      description: 'other',
      tag: 'beta',
      publishedAt: new Date('2030-01-01T00:00:00.000Z'),
      private: true,
    })
    expect(await store.insertVersion(duplicate)).toBe('exists')
    expect(await store.getSkill('alpha')).toEqual(before)
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0' })
    expect((await store.getVersion('alpha', '1.0.0'))?.description).toBe('alpha 1.0.0')
  })
}

/** Concurrent publishes through two connections (a second process or replica). */
export function describeConcurrency(context: Context): void {
  const attempts = 10

  it('lets exactly one of many concurrent publishes of one version win', async () => {
    const { store, fixture } = context()
    const peer = await fixture.openPeer()
    await peer.migrate()
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        (i % 2 === 0 ? store : peer).insertVersion(
          newVersion('race', '1.0.0', { description: `attempt ${i}` }),
        ),
      ),
    )
    expect(results.filter((r) => r === 'created')).toHaveLength(1)
    expect(results.filter((r) => r === 'exists')).toHaveLength(attempts - 1)
    expect(await store.listVersions('race')).toHaveLength(1)
    expect(await peer.countSkills()).toBe(1)
  })

  it('creates every one of many concurrent publishes of different versions', async () => {
    const { store, fixture } = context()
    const peer = await fixture.openPeer()
    await peer.migrate()
    const versions = Array.from({ length: attempts }, (_, i) => `1.0.${i}`)
    const results = await Promise.all(
      versions.map((version, i) =>
        (i % 2 === 0 ? store : peer).insertVersion(newVersion('many', version)),
      ),
    )
    expect(results).toEqual(versions.map(() => 'created'))
    const listed = (await store.listVersions('many')).map((v) => v.version)
    expect([...listed].sort()).toEqual([...versions].sort())
    expect(await store.countSkills()).toBe(1)
    expect(versions).toContain((await store.getDistTags('many'))['latest'])
  })
}
