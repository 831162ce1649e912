import { RegistryErrorCode, type SkillDocument } from '@skillship/registry-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createTestRegistry,
  packTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'

let registry: TestRegistry
beforeEach(async () => {
  registry = await createTestRegistry()
})
afterEach(async () => {
  await registry.close()
})

async function publish(
  name: string,
  version: string,
  options: { token?: string; query?: string } = {},
) {
  return registry.request('PUT', `/v1/skills/${name}${options.query ?? ''}`, {
    token: options.token ?? registry.adminToken,
    body: await packTestSkill(name, version),
    headers: { 'content-type': 'application/gzip' },
  })
}

const codeOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code

describe('registry app: publish and read', () => {
  it('publishes, then serves the document with integrity, files and dist-tags', async () => {
    const answer = await publish('demo', '1.0.0')
    expect(answer.status).toBe(201)
    const published = (await answer.json()) as {
      integrity: string
      distTags: Record<string, string>
    }
    expect(published.distTags).toEqual({ latest: '1.0.0' })
    const response = await registry.request('GET', '/v1/skills/demo')
    expect(response.status).toBe(200)
    const document = (await response.json()) as SkillDocument
    expect(document.versions['1.0.0']?.dist.integrity).toBe(published.integrity)
    expect(document.versions['1.0.0']?.files.map((f) => f.path)).toEqual(['SKILL.md'])
    expect(document.versions['1.0.0']?.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(document.versions['1.0.0']?.publisher).toBe('admin')
    expect(document.versions['1.0.0']?.frontmatter['name']).toBe('demo')
  })

  it('answers 304 to a matching If-None-Match and changes the ETag after a publish', async () => {
    await publish('demo', '1.0.0')
    const first = await registry.request('GET', '/v1/skills/demo')
    const etag = first.headers.get('etag') ?? ''
    expect(
      (await registry.request('GET', '/v1/skills/demo', { headers: { 'if-none-match': etag } }))
        .status,
    ).toBe(304)
    await publish('demo', '1.1.0')
    const after = await registry.request('GET', '/v1/skills/demo', {
      headers: { 'if-none-match': etag },
    })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(etag)
  })

  it('serves the tarball byte for byte with immutable caching', async () => {
    const tarball = await packTestSkill('demo', '1.0.0')
    await registry.request('PUT', '/v1/skills/demo', { token: registry.adminToken, body: tarball })
    const response = await registry.request('GET', '/v1/skills/demo/-/1.0.0.tgz')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toContain('immutable')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(tarball)
  })

  it('refuses a version that exists with 409', async () => {
    await publish('demo', '1.0.0')
    const again = await publish('demo', '1.0.0')
    expect(again.status).toBe(409)
    expect(await codeOf(again)).toBe(RegistryErrorCode.VersionExists)
  })

  it('refuses a name that differs from the URL with 422', async () => {
    const response = await registry.request('PUT', '/v1/skills/other', {
      token: registry.adminToken,
      body: await packTestSkill('demo', '1.0.0'),
    })
    expect(response.status).toBe(422)
    expect(await codeOf(response)).toBe(RegistryErrorCode.NameMismatch)
  })

  it('refuses an invalid skill with 422 and the validation issues', async () => {
    const response = await registry.request('PUT', '/v1/skills/demo', {
      token: registry.adminToken,
      body: await packTestSkill('demo', '1.0.0', {}, 'tags: x\n'),
    })
    expect(response.status).toBe(422)
    const body = (await response.json()) as {
      error: { code: string; details: { issues: { code: string }[] } }
    }
    expect(body.error.code).toBe(RegistryErrorCode.InvalidSkill)
    expect(body.error.details.issues.map((i) => i.code)).toEqual(['SKILL_FIELD_UNKNOWN'])
  })

  it('refuses a missing or non-semver version with 422', async () => {
    const noVersion = await registry.request('PUT', '/v1/skills/demo?version=1.0', {
      token: registry.adminToken,
      body: await packTestSkill('demo', '1.0.0'),
    })
    expect(await codeOf(noVersion)).toBe(RegistryErrorCode.VersionInvalid)
  })

  it('refuses an upload over the size limit with 413', async () => {
    const small = await createTestRegistry({ maxUploadBytes: 2048 })
    try {
      const big = await packTestSkill('demo', '1.0.0', {
        'data.txt': Array.from({ length: 4000 }, (_, i) => `${i * 7919}`).join(','),
      })
      const response = await small.request('PUT', '/v1/skills/demo', {
        token: small.adminToken,
        body: big,
      })
      expect(response.status).toBe(413)
      expect(await codeOf(response)).toBe(RegistryErrorCode.PayloadTooLarge)
    } finally {
      await small.close()
    }
  })

  it('refuses bytes that do not match the integrity header with 400', async () => {
    const response = await registry.request('PUT', '/v1/skills/demo', {
      token: registry.adminToken,
      body: await packTestSkill('demo', '1.0.0'),
      headers: { 'x-skillship-integrity': `sha512-${'A'.repeat(86)}==` },
    })
    expect(response.status).toBe(400)
    expect(await codeOf(response)).toBe(RegistryErrorCode.IntegrityMismatch)
  })
})

describe('registry app: versions, tags, resolution, search', () => {
  it('resolves ranges to the highest matching version, skipping yanked ones', async () => {
    for (const version of ['1.0.0', '1.2.0', '2.0.0']) await publish('demo', version)
    const resolve = async (range: string) =>
      (await (
        await registry.request('GET', `/v1/resolve/demo?range=${encodeURIComponent(range)}`)
      ).json()) as { version: string }
    expect((await resolve('^1')).version).toBe('1.2.0')
    expect((await resolve('latest')).version).toBe('2.0.0')
    const yank = await registry.request('PATCH', '/v1/skills/demo/versions/1.2.0', {
      token: registry.adminToken,
      body: JSON.stringify({ yanked: true }),
    })
    expect(yank.status).toBe(200)
    expect((await resolve('^1')).version).toBe('1.0.0')
    expect((await resolve('1.2.0')).version).toBe('1.2.0')
    expect((await registry.request('GET', '/v1/skills/demo/-/1.2.0.tgz')).status).toBe(200)
    const none = await registry.request('GET', '/v1/resolve/demo?range=^3')
    expect(none.status).toBe(404)
    expect(await codeOf(none)).toBe(RegistryErrorCode.NoMatchingVersion)
  })

  it('moves, lists and removes dist-tags; latest cannot be removed', async () => {
    await publish('demo', '1.0.0')
    await publish('demo', '2.0.0-beta.1', { query: '?tag=beta' })
    const tags = async () =>
      (
        (await (await registry.request('GET', '/v1/skills/demo/dist-tags')).json()) as {
          distTags: Record<string, string>
        }
      ).distTags
    expect(await tags()).toEqual({ latest: '1.0.0', beta: '2.0.0-beta.1' })
    const move = await registry.request('PUT', '/v1/skills/demo/dist-tags/stable', {
      token: registry.adminToken,
      body: JSON.stringify({ version: '1.0.0' }),
    })
    expect(move.status).toBe(200)
    expect(
      (
        await registry.request('DELETE', '/v1/skills/demo/dist-tags/beta', {
          token: registry.adminToken,
        })
      ).status,
    ).toBe(200)
    expect(await tags()).toEqual({ latest: '1.0.0', stable: '1.0.0' })
    const latest = await registry.request('DELETE', '/v1/skills/demo/dist-tags/latest', {
      token: registry.adminToken,
    })
    expect(await codeOf(latest)).toBe(RegistryErrorCode.TagInvalid)
    const missing = await registry.request('PUT', '/v1/skills/demo/dist-tags/next', {
      token: registry.adminToken,
      body: JSON.stringify({ version: '9.9.9' }),
    })
    expect(await codeOf(missing)).toBe(RegistryErrorCode.VersionNotFound)
    const bad = await registry.request('PUT', '/v1/skills/demo/dist-tags/1.0.0', {
      token: registry.adminToken,
      body: JSON.stringify({ version: '1.0.0' }),
    })
    expect(await codeOf(bad)).toBe(RegistryErrorCode.TagInvalid)
  })

  it('deprecates and undeprecates a version', async () => {
    await publish('demo', '1.0.0')
    const deprecated = await registry.request('PATCH', '/v1/skills/demo/versions/1.0.0', {
      token: registry.adminToken,
      body: JSON.stringify({ deprecated: 'use 2.x' }),
    })
    expect(((await deprecated.json()) as { deprecated?: string }).deprecated).toBe('use 2.x')
    const document = (await (
      await registry.request('GET', '/v1/skills/demo')
    ).json()) as SkillDocument
    expect(document.versions['1.0.0']?.deprecated).toBe('use 2.x')
    const undone = await registry.request('PATCH', '/v1/skills/demo/versions/1.0.0', {
      token: registry.adminToken,
      body: JSON.stringify({ deprecated: null }),
    })
    expect(((await undone.json()) as { deprecated?: string }).deprecated).toBeUndefined()
  })

  it('searches by name and description with paging', async () => {
    for (const name of ['alpha-tool', 'beta-tool', 'gamma-kit']) await publish(name, '1.0.0')
    const page = async (query: string) =>
      (await (await registry.request('GET', `/v1/skills?${query}`)).json()) as {
        items: { name: string; latest: string }[]
        nextCursor: string | null
      }
    expect((await page('q=TOOL')).items.map((i) => i.name)).toEqual(['alpha-tool', 'beta-tool'])
    const first = await page('limit=2')
    expect(first.items.map((i) => i.name)).toEqual(['alpha-tool', 'beta-tool'])
    const second = await page(`limit=2&cursor=${first.nextCursor}`)
    expect(second.items.map((i) => [i.name, i.latest])).toEqual([['gamma-kit', '1.0.0']])
    expect(second.nextCursor).toBeNull()
    expect((await registry.request('GET', '/v1/skills?limit=500')).status).toBe(400)
  })
})

describe('registry app: health, ids, errors', () => {
  it('answers /livez and /readyz, and /readyz 503 once shutdown begins', async () => {
    expect((await registry.request('GET', '/livez')).status).toBe(200)
    expect((await registry.request('GET', '/readyz')).status).toBe(200)
    registry.deps.lifecycle.shuttingDown = true
    expect((await registry.request('GET', '/readyz')).status).toBe(503)
  })

  it('echoes a request id, or makes one', async () => {
    expect(
      (
        await registry.request('GET', '/livez', { headers: { 'x-request-id': 'abc-123' } })
      ).headers.get('x-request-id'),
    ).toBe('abc-123')
    expect((await registry.request('GET', '/v1/skills/nope')).headers.get('x-request-id')).toMatch(
      /^[0-9a-f-]{36}$/,
    )
  })

  it('answers unknown routes and bad JSON with coded errors', async () => {
    expect(await codeOf(await registry.request('GET', '/v2/nothing'))).toBe(
      RegistryErrorCode.NotFound,
    )
    await publish('demo', '1.0.0')
    const bad = await registry.request('PATCH', '/v1/skills/demo/versions/1.0.0', {
      token: registry.adminToken,
      body: '{nope',
    })
    expect(bad.status).toBe(400)
    expect(await codeOf(bad)).toBe(RegistryErrorCode.BadRequest)
  })
})
