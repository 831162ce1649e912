import { RegistryErrorCode } from '@skillship/registry-client'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createTestRegistry,
  publishTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'
import type { Principal } from '../app/registry-env.js'
import { createSkillDocumentCache } from '../documents/skill-document-cache.js'
import type { BlobStore } from '../storage/blob-store.js'
import { type CachingSkillLoader, createSkillLoader } from './create-skill-loader.js'
import { createLoadCounter, type LoadCounter } from './load-counter.js'
import type { CacheResult, LoadResultKind } from './skill-loader.js'

const anonymous: Principal = { tokenName: undefined, scopes: [] }

let registry: TestRegistry
let blobReads: number
let corrupt: Set<string>
let observed: [CacheResult, LoadResultKind][]
let counter: LoadCounter
let loader: CachingSkillLoader

// Counts blob reads, and flips a byte of the blobs named in `corrupt` (bit rot in storage).
function countingBlobs(inner: BlobStore): BlobStore {
  return {
    ...inner,
    async get(integrity) {
      blobReads += 1
      const bytes = await inner.get(integrity)
      if (bytes === undefined || !corrupt.has(integrity)) return bytes
      const copy = new Uint8Array(bytes)
      copy[copy.length - 9] = (copy[copy.length - 9] ?? 0) ^ 0xff
      return copy
    },
  }
}

function newLoader(memoryBytes = 64 * 1024 * 1024): CachingSkillLoader {
  const created = createSkillLoader({
    deps: { ...registry.deps, blobs: countingBlobs(registry.deps.blobs) },
    documents: createSkillDocumentCache(),
    memoryBytes,
    loadCounts: counter,
    onLoad: (seconds, cache, outcome) => {
      expect(seconds).toBeGreaterThanOrEqual(0)
      observed.push([cache, outcome])
    },
  })
  registry.deps.invalidation.subscribe(created)
  return created
}

const publish = (name: string, version: string, query = '', files = {}) =>
  publishTestSkill(registry, name, version, query, files)

beforeEach(async () => {
  registry = await createTestRegistry()
  blobReads = 0
  corrupt = new Set()
  observed = []
  counter = createLoadCounter()
  loader = newLoader()
})

afterEach(async () => {
  await registry.close()
})

describe('createSkillLoader: resolution and content', () => {
  it('loads the latest version: frontmatter from the record, body, files with digests, JSON', async () => {
    const { integrity } = await publish('demo', '1.0.0', '', { 'scripts/run.py': 'print(1)\n' })
    const { skill, cache } = await loader.load({ name: 'demo', principal: anonymous })
    expect(cache).toBe('miss')
    expect(skill).toMatchObject({ name: 'demo', version: '1.0.0', integrity, body: '# demo\n' })
    expect(skill.frontmatter['name']).toBe('demo')
    expect(skill.description).toBe('Does demo work. Use when demo is needed.')
    expect(skill.files.map((f) => [f.path, f.mode, f.size])).toEqual([
      ['SKILL.md', 0o644, skill.files[0]?.bytes.byteLength],
      ['scripts/run.py', 0o644, 9],
    ])
    expect(new TextDecoder().decode(skill.files[1]?.bytes)).toBe('print(1)\n')
    const json = JSON.parse(new TextDecoder().decode(skill.json)) as Record<string, unknown>
    expect(Object.keys(json)).toEqual([
      'name',
      'version',
      'integrity',
      'description',
      'frontmatter',
      'body',
      'files',
    ])
    expect(json['files']).toEqual(skill.files.map(({ bytes: _, ...file }) => file))
    expect(skill.etag).toMatch(/^"[\w-]{32}"$/)
    expect(skill.memoryBytes).toBeGreaterThan(skill.json.byteLength)
  })

  it('resolves ranges, tags and exact versions; unknown ones are REGISTRY_NO_MATCHING_VERSION', async () => {
    await publish('demo', '1.0.0')
    await publish('demo', '1.2.0')
    await publish('demo', '2.0.0-beta.1', '?tag=beta')
    const version = async (request: { range?: string; tag?: string }) =>
      (await loader.load({ name: 'demo', principal: anonymous, ...request })).skill.version
    expect(await version({})).toBe('1.2.0')
    expect(await version({ range: '~1.0' })).toBe('1.0.0')
    expect(await version({ tag: 'beta' })).toBe('2.0.0-beta.1')
    expect(await version({ range: '^1', tag: 'beta' })).toBe('2.0.0-beta.1')
    expect(await version({ range: '1.0.0' })).toBe('1.0.0')
    for (const request of [{ range: '^3' }, { tag: 'nope' }, { range: 'not a range' }]) {
      await expect(version(request)).rejects.toMatchObject({
        code: RegistryErrorCode.NoMatchingVersion,
      })
    }
  })

  it('hides a private skill from a caller without a read scope (REGISTRY_NOT_FOUND)', async () => {
    await publish('secret', '1.0.0', '?access=private')
    await expect(loader.load({ name: 'secret', principal: anonymous })).rejects.toMatchObject({
      code: RegistryErrorCode.NotFound,
    })
    const reader: Principal = { tokenName: 'r', scopes: [{ kind: 'read', pattern: 'sec*' }] }
    const loaded = await loader.load({ name: 'secret', principal: reader })
    expect(loaded.private).toBe(true)
    // Cached now, still hidden from the anonymous caller.
    await expect(loader.load({ name: 'secret', principal: anonymous })).rejects.toMatchObject({
      code: RegistryErrorCode.NotFound,
    })
    expect(loader.loadCachedLatest('secret')).toBeUndefined()
    await expect(loader.load({ name: 'missing', principal: anonymous })).rejects.toMatchObject({
      code: RegistryErrorCode.NotFound,
    })
  })

  it('loads a version published as a zip', async () => {
    const { rawZip } = await import('../../../../packages/core/test/archive-fixtures/build-zip.js')
    const zip = rawZip({
      'zipped/SKILL.md': {
        content:
          '---\nname: zipped\ndescription: "From a zip. Use when testing."\nmetadata:\n  version: "1.0.0"\n---\nzip body\n',
      },
      'zipped/notes.txt': { content: 'notes' },
    })
    const response = await registry.request('PUT', '/v1/skills/zipped', {
      token: registry.adminToken,
      body: zip,
    })
    expect(response.status).toBe(201)
    const { skill } = await loader.load({ name: 'zipped', principal: anonymous })
    expect(skill.body).toBe('zip body\n')
    expect(skill.files.map((f) => f.path)).toEqual(['SKILL.md', 'notes.txt'])
  })
})

describe('createSkillLoader: the cache', () => {
  it('misses once, then hits without reading the blob; every call is observed once', async () => {
    await publish('demo', '1.0.0')
    const first = await loader.load({ name: 'demo', principal: anonymous })
    const second = await loader.load({ name: 'demo', principal: anonymous })
    expect([first.cache, second.cache]).toEqual(['miss', 'hit'])
    expect(second.skill).toBe(first.skill)
    expect(blobReads).toBe(1)
    expect(observed).toEqual([
      ['miss', 'ok'],
      ['hit', 'ok'],
    ])
    await expect(loader.load({ name: 'nope', principal: anonymous })).rejects.toThrow()
    expect(observed.at(-1)).toEqual(['miss', 'not_found'])
    expect(counter.drain()).toEqual(new Map([['demo', 2]]))
    expect(loader.stats()).toEqual({ entries: 1, bytes: first.skill.memoryBytes })
  })

  it('reads the blob once for 1,000 concurrent misses of one skill', async () => {
    await publish('demo', '1.0.0', '', { 'data.txt': 'x'.repeat(10_000) })
    const outcomes = await Promise.all(
      Array.from({ length: 1000 }, () => loader.load({ name: 'demo', principal: anonymous })),
    )
    expect(blobReads).toBe(1)
    expect(new Set(outcomes.map((o) => o.skill)).size).toBe(1)
    expect(observed).toHaveLength(1000)
  })

  it('evicts the least recently used versions to stay within its byte bound', async () => {
    const big = { 'data.txt': Array.from({ length: 3000 }, (_, i) => `${i * 7919}`).join(',') }
    for (const name of ['a', 'b', 'c', 'd', 'e']) await publish(name, '1.0.0', '', big)
    const sized = (await loader.load({ name: 'a', principal: anonymous })).skill.memoryBytes
    const small = newLoader(sized * 4 + 100)
    for (const name of ['a', 'b', 'c', 'd']) await small.load({ name, principal: anonymous })
    expect(small.stats()).toEqual({ entries: 4, bytes: sized * 4 })
    await small.load({ name: 'a', principal: anonymous })
    await small.load({ name: 'e', principal: anonymous })
    expect(small.stats().entries).toBe(4)
    expect(small.stats().bytes).toBeLessThanOrEqual(sized * 4 + 100)
    blobReads = 0
    expect((await small.load({ name: 'a', principal: anonymous })).cache).toBe('hit')
    expect((await small.load({ name: 'b', principal: anonymous })).cache).toBe('miss')
    expect(blobReads).toBe(1)
  })

  it('answers a corrupt blob with SERVE_LOAD_FAILED, caches nothing, and retries next time', async () => {
    const { integrity } = await publish('demo', '1.0.0')
    corrupt.add(integrity)
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(loader.load({ name: 'demo', principal: anonymous })).rejects.toMatchObject({
        code: ServeErrorCode.LoadFailed,
      })
    }
    expect(blobReads).toBe(2)
    expect(loader.stats().entries).toBe(0)
    expect(observed).toEqual([
      ['miss', 'error'],
      ['miss', 'error'],
    ])
    corrupt.clear()
    expect((await loader.load({ name: 'demo', principal: anonymous })).cache).toBe('miss')
  })

  it('answers a missing blob with SERVE_LOAD_FAILED', async () => {
    await publish('demo', '1.0.0')
    const empty = createSkillLoader({
      deps: { ...registry.deps, blobs: { ...registry.deps.blobs, get: async () => undefined } },
      documents: createSkillDocumentCache(),
      memoryBytes: 1024 * 1024,
    })
    await expect(empty.load({ name: 'demo', principal: anonymous })).rejects.toMatchObject({
      code: ServeErrorCode.LoadFailed,
    })
  })

  it('sees a new version as soon as the publish announced it on the bus', async () => {
    await publish('demo', '1.0.0')
    expect((await loader.load({ name: 'demo', principal: anonymous })).skill.version).toBe('1.0.0')
    await publish('demo', '1.1.0')
    expect((await loader.load({ name: 'demo', principal: anonymous })).skill.version).toBe('1.1.0')
    const yank = await registry.request('PATCH', '/v1/skills/demo/versions/1.1.0', {
      token: registry.adminToken,
      body: JSON.stringify({ yanked: true }),
    })
    expect(yank.status).toBe(200)
    const ranged = await loader.load({ name: 'demo', principal: anonymous, range: '^1' })
    expect(ranged.skill.version).toBe('1.0.0')
    expect(ranged.cache).toBe('hit')
  })

  it('drops everything on invalidateAll', async () => {
    await publish('demo', '1.0.0')
    await loader.load({ name: 'demo', principal: anonymous })
    loader.invalidateAll()
    expect(loader.stats()).toEqual({ entries: 0, bytes: 0 })
    expect((await loader.load({ name: 'demo', principal: anonymous })).cache).toBe('miss')
  })
})

describe('createSkillLoader: exact versions and the fast-path lookup', () => {
  it('loads an exact version through the same cache, REGISTRY_VERSION_NOT_FOUND otherwise', async () => {
    await publish('demo', '1.0.0')
    expect((await loader.loadVersion('demo', '1.0.0')).cache).toBe('miss')
    expect((await loader.load({ name: 'demo', principal: anonymous })).cache).toBe('hit')
    expect((await loader.loadVersion('demo', '1.0.0')).cache).toBe('hit')
    await expect(loader.loadVersion('demo', '9.9.9')).rejects.toMatchObject({
      code: RegistryErrorCode.VersionNotFound,
    })
    expect(observed.at(-1)).toEqual(['miss', 'not_found'])
    // Exact loads are not requests for the skill: only the one `load` is counted.
    expect(counter.drain()).toEqual(new Map([['demo', 1]]))
  })

  it('answers loadCachedLatest only once document, resolution and content are cached', async () => {
    await publish('demo', '1.0.0')
    expect(loader.loadCachedLatest('demo')).toBeUndefined()
    const loaded = await loader.load({ name: 'demo', principal: anonymous })
    observed = []
    expect(loader.loadCachedLatest('demo')).toBe(loaded.skill)
    expect(observed).toEqual([['hit', 'ok']])
    await publish('demo', '1.1.0')
    expect(loader.loadCachedLatest('demo')).toBeUndefined()
    await loader.load({ name: 'demo', principal: anonymous, counted: false })
    expect(loader.loadCachedLatest('demo')?.version).toBe('1.1.0')
    expect(counter.drain()).toEqual(new Map([['demo', 3]]))
  })
})
