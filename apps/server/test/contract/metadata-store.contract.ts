import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MetadataStore, TokenRecord } from '../../src/storage/metadata-store.js'
import { describeAudits } from './metadata-store-audits.contract.js'
import type { Context, MetadataStoreFixture } from './metadata-store-fixture.js'
import { describeLoadCounts } from './metadata-store-load-counts.contract.js'
import { describePublisherKeys } from './metadata-store-publisher-keys.contract.js'
import { describeRegistrySignatures } from './metadata-store-signatures.contract.js'
import { newVersion } from './new-version.js'

/** The behaviour every MetadataStore must show; run it once per implementation. */
export function describeMetadataStoreContract(
  label: string,
  factory: () => Promise<MetadataStoreFixture>,
): void {
  describe(`MetadataStore contract: ${label}`, () => {
    let fixture: MetadataStoreFixture
    let store: MetadataStore

    beforeEach(async () => {
      fixture = await factory()
      store = fixture.store
      await store.migrate()
    })
    afterEach(async () => {
      await fixture.cleanup()
    })

    describe('lifecycle', () => describeLifecycle(() => ({ store, fixture })))
    describe('versions', () => describeVersions(() => store))
    describe('concurrency', () => describeConcurrency(() => ({ store, fixture })))
    describe('tags and patches', () => describeTagsAndPatches(() => store))
    describe('search', () => describeSearch(() => store))
    describe('tokens', () => describeTokens(() => store))
    describe('load counts', () => describeLoadCounts(() => ({ store, fixture })))
    describe('audits', () => describeAudits(() => ({ store, fixture })))
    describe('publisher keys', () => describePublisherKeys(() => ({ store, fixture })))
    describe('registry signatures', () => describeRegistrySignatures(() => ({ store, fixture })))
  })
}

function describeLifecycle(context: Context): void {
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

function describeVersions(getStore: () => MetadataStore): void {
  const publishedAt = new Date('2024-05-06T07:08:09.123Z')
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

function describeConcurrency(context: Context): void {
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

function describeTagsAndPatches(getStore: () => MetadataStore): void {
  const past = new Date('2020-01-01T00:00:00.000Z')

  it('sets, moves and removes dist-tags, bumping updatedAt', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { publishedAt: past }))
    await store.insertVersion(newVersion('alpha', '2.0.0', { publishedAt: past, tag: 'beta' }))
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0', beta: '2.0.0' })
    await store.setDistTag('alpha', 'beta', '1.0.0')
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0', beta: '1.0.0' })
    expect((await store.getSkill('alpha'))?.updatedAt.getTime()).toBeGreaterThan(past.getTime())
    expect(await store.removeDistTag('alpha', 'beta')).toBe(true)
    expect(await store.removeDistTag('alpha', 'beta')).toBe(false)
    expect(await store.removeDistTag('nope', 'latest')).toBe(false)
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0' })
  })

  it('keeps the skill description in step with the latest tag', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { description: 'one' }))
    await store.insertVersion(newVersion('alpha', '2.0.0', { description: 'two', tag: 'next' }))
    expect((await store.getSkill('alpha'))?.description).toBe('one')
    await store.setDistTag('alpha', 'latest', '2.0.0')
    expect((await store.getSkill('alpha'))?.description).toBe('two')
    await store.insertVersion(newVersion('alpha', '3.0.0', { description: 'three' }))
    expect((await store.getSkill('alpha'))?.description).toBe('three')
    await store.setDistTag('alpha', 'latest', '1.0.0')
    expect((await store.getSkill('alpha'))?.description).toBe('one')
  })

  it('deprecates, undeprecates, yanks and unyanks a version', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { publishedAt: past }))
    const state = async () => {
      const version = await store.getVersion('alpha', '1.0.0')
      return { deprecated: version?.deprecated, yanked: version?.yanked }
    }
    expect(await store.updateVersion('alpha', '1.0.0', { deprecated: 'use 2' })).toBe(true)
    expect(await state()).toEqual({ deprecated: 'use 2', yanked: false })
    expect(await store.updateVersion('alpha', '1.0.0', { yanked: true })).toBe(true)
    expect(await state()).toEqual({ deprecated: 'use 2', yanked: true })
    expect(await store.updateVersion('alpha', '1.0.0', { deprecated: null, yanked: false })).toBe(
      true,
    )
    expect(await state()).toEqual({ deprecated: null, yanked: false })
    expect(await store.updateVersion('alpha', '1.0.0', {})).toBe(true)
    expect(await store.updateVersion('alpha', '9.0.0', { yanked: true })).toBe(false)
    expect(await store.updateVersion('nope', '1.0.0', { deprecated: 'x' })).toBe(false)
    expect((await store.getSkill('alpha'))?.updatedAt.getTime()).toBeGreaterThan(past.getTime())
  })

  it('moves latest off a version when it is yanked, and nowhere when nothing else can serve', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { description: 'one' }))
    await store.insertVersion(newVersion('alpha', '2.0.0-rc.1', { tag: 'next' }))
    await store.insertVersion(newVersion('alpha', '1.1.0', { description: 'one one' }))
    expect(await store.getDistTags('alpha')).toMatchObject({ latest: '1.1.0' })
    expect(await store.updateVersion('alpha', '1.1.0', { yanked: true })).toBe(true)
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0', next: '2.0.0-rc.1' })
    expect((await store.getSkill('alpha'))?.description).toBe('one')
    await store.updateVersion('alpha', '1.1.0', { yanked: false })
    expect((await store.getDistTags('alpha'))['latest']).toBe('1.0.0')
    await store.updateVersion('alpha', '2.0.0-rc.1', { yanked: true })
    expect((await store.getDistTags('alpha'))['latest']).toBe('1.0.0')
    await store.insertVersion(newVersion('solo', '1.0.0'))
    await store.updateVersion('solo', '1.0.0', { yanked: true })
    expect(await store.getDistTags('solo')).toEqual({ latest: '1.0.0' })
  })

  it('switches a skill between public and private', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0'))
    expect(await store.setPrivate('alpha', true)).toBe(true)
    expect((await store.getSkill('alpha'))?.private).toBe(true)
    expect(await store.setPrivate('alpha', false)).toBe(true)
    expect((await store.getSkill('alpha'))?.private).toBe(false)
    expect(await store.setPrivate('nope', true)).toBe(false)
  })
}

function describeSearch(getStore: () => MetadataStore): void {
  const names = async (q: string, privateNamePatterns: readonly string[] = [], limit = 100) =>
    (await getStore().searchSkills({ q, limit, privateNamePatterns })).map((s) => s.name)

  beforeEach(async () => {
    const store = getStore()
    const publish = (name: string, description: string, extra = {}) =>
      store.insertVersion(newVersion(name, '1.0.0', { description, ...extra }))
    await publish('pdf-tools', 'Read and fill PDF forms')
    await publish('web-search', 'Search the web')
    await publish('percent', 'Discounts: 100% off')
    await publish('under_score', 'snake_case helper')
    await publish('back-slash', 'Paths like C:\\temp')
    await publish('team-secret', 'Internal search', { private: true })
    await publish('teamxsecret', 'Internal too', { private: true })
    await publish('other-private', 'Hidden', { private: true })
    await publish('beta-only', 'Prerelease', { tag: 'beta' })
  })

  it('matches a case-insensitive substring of name or description, ordered by name', async () => {
    expect(await names('')).toEqual([
      'back-slash',
      'beta-only',
      'pdf-tools',
      'percent',
      'under_score',
      'web-search',
    ])
    expect(await names('SEARCH')).toEqual(['web-search'])
    expect(await names('pdf forms')).toEqual(['pdf-tools'])
    expect(await names('nothing-matches')).toEqual([])
  })

  it('treats LIKE wildcards and the escape character in q literally', async () => {
    expect(await names('%')).toEqual(['percent'])
    expect(await names('_')).toEqual(['under_score'])
    expect(await names('\\')).toEqual(['back-slash'])
    expect(await names('100%')).toEqual(['percent'])
    expect(await names('e_s')).toEqual([])
  })

  it('lists private skills only when a pattern matches their name', async () => {
    expect(await names('secret')).toEqual([])
    expect(await names('secret', ['*'])).toEqual(['team-secret', 'teamxsecret'])
    expect(await names('', ['team-*'])).toContain('team-secret')
    expect(await names('', ['team-*'])).not.toContain('teamxsecret')
    expect(await names('', ['team-*'])).not.toContain('other-private')
    expect(await names('', ['other-private', 'team-secret'])).toEqual(
      expect.arrayContaining(['other-private', 'team-secret']),
    )
    expect(await names('', ['team_*', '%', 'team'])).toEqual(await names(''))
    expect(await names('internal', ['*-secret'])).toEqual(['team-secret'])
  })

  it('pages with after (exclusive) and limit', async () => {
    const all = await names('', ['*'])
    const paged: string[] = []
    let after: string | undefined
    for (;;) {
      const page = await getStore().searchSkills({
        q: '',
        limit: 2,
        privateNamePatterns: ['*'],
        ...(after === undefined ? {} : { after }),
      })
      if (page.length === 0) break
      expect(page.length).toBeLessThanOrEqual(2)
      paged.push(...page.map((s) => s.name))
      after = page.at(-1)?.name
    }
    expect(paged).toEqual(all)
    expect(all).toHaveLength(9)
    expect(await names('', ['*'], 0)).toEqual([])
  })

  it('summarizes each skill with its latest version', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('pdf-tools', '2.0.0', { description: 'PDF two' }))
    const [pdf] = await store.searchSkills({ q: 'pdf', limit: 10, privateNamePatterns: [] })
    expect(pdf).toEqual({
      name: 'pdf-tools',
      description: 'PDF two',
      latest: '2.0.0',
      private: false,
      updatedAt: newVersion('x', '1').publishedAt,
    })
    const [beta] = await store.searchSkills({ q: 'beta', limit: 10, privateNamePatterns: [] })
    expect(beta?.latest).toBeNull()
    const [secret] = await store.searchSkills({ q: 'team-', limit: 1, privateNamePatterns: ['*'] })
    expect(secret?.private).toBe(true)
  })
}

function describeTokens(getStore: () => MetadataStore): void {
  const token = (id: string, createdAt: string): TokenRecord => ({
    id,
    name: `token ${id}`,
    hash: id.repeat(64).slice(0, 64),
    scopes: ['publish:team-*', 'read:private'],
    createdAt: new Date(createdAt),
  })

  it('creates, finds by hash, lists and deletes tokens', async () => {
    const store = getStore()
    const second = token('b', '2024-02-01T00:00:00.001Z')
    const first = token('a', '2024-01-01T00:00:00.999Z')
    await store.createToken(second)
    await store.createToken(first)
    expect(await store.findTokenByHash(first.hash)).toEqual(first)
    expect(await store.findTokenByHash('f'.repeat(64))).toBeUndefined()
    expect(await store.listTokens()).toEqual([first, second])
    expect(await store.deleteToken('a')).toBe(true)
    expect(await store.deleteToken('a')).toBe(false)
    expect(await store.findTokenByHash(first.hash)).toBeUndefined()
    expect(await store.listTokens()).toEqual([second])
  })
}
