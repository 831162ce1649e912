import { createHash } from 'node:crypto'
import { RegistryErrorCode } from '@skillship/registry-client'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createTestRegistry,
  publishTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'

let registry: TestRegistry

// This suite tests serving, not the audit gate: its `assets/blob.bin` is unanalyzable, which the
// default publish policy blocks, so the registry here judges under `permissive`.
beforeEach(async () => {
  registry = await createTestRegistry({ auditPolicy: 'permissive' })
})

afterEach(async () => {
  await registry.close()
})

const files = {
  'scripts/run.py': 'print(1)\n',
  'scripts/tool.js': 'console.log(1)\n',
  'data/table.json': '{"a":1}\n',
  'notes.txt': 'notes\n',
  'assets/blob.bin': 'binary',
  'references/ünï cödé.md': '# unicode\n',
}

async function publish(name: string, version: string, query = '') {
  await publishTestSkill(registry, name, version, query, files)
}

const codeOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code

describe('GET /v1/load/:name', () => {
  it('answers the resolved skill with a strong ETag, public caching and 304', async () => {
    await publish('demo', '1.0.0')
    const response = await registry.request('GET', '/v1/load/demo')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('public, max-age=30')
    const etag = response.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"[\w-]{32}"$/)
    const body = (await response.json()) as {
      name: string
      version: string
      body: string
      frontmatter: Record<string, unknown>
      files: { path: string; size: number; mode: number; sha256: string }[]
    }
    expect(body).toMatchObject({ name: 'demo', version: '1.0.0', body: '# demo\n' })
    expect(body.frontmatter['name']).toBe('demo')
    expect(body.files.map((f) => f.path)).toContain('scripts/run.py')
    const notModified = await registry.request('GET', '/v1/load/demo', {
      headers: { 'if-none-match': etag },
    })
    expect(notModified.status).toBe(304)
    expect(notModified.headers.get('etag')).toBe(etag)
  })

  it('resolves range and tag, and answers REGISTRY_NO_MATCHING_VERSION otherwise', async () => {
    await publish('demo', '1.0.0')
    await publish('demo', '2.0.0')
    await publish('demo', '3.0.0-rc.1', '?tag=next')
    const version = async (query: string) =>
      (
        (await (await registry.request('GET', `/v1/load/demo${query}`)).json()) as {
          version: string
        }
      ).version
    expect(await version('')).toBe('2.0.0')
    expect(await version('?range=%5E1')).toBe('1.0.0')
    expect(await version('?tag=next')).toBe('3.0.0-rc.1')
    const none = await registry.request('GET', '/v1/load/demo?range=%5E9')
    expect(none.status).toBe(404)
    expect(await codeOf(none)).toBe(RegistryErrorCode.NoMatchingVersion)
  })

  it('answers 404 for a private skill without a read scope, and private caching with one', async () => {
    await publish('secret', '1.0.0', '?access=private')
    const hidden = await registry.request('GET', '/v1/load/secret')
    expect(hidden.status).toBe(404)
    expect(await codeOf(hidden)).toBe(RegistryErrorCode.NotFound)
    const reader = await registry.token(['read:secret'])
    const seen = await registry.request('GET', '/v1/load/secret', { token: reader })
    expect(seen.status).toBe(200)
    expect(seen.headers.get('cache-control')).toBe('private, no-cache')
    const file = await registry.request('GET', '/v1/load/secret/files/notes.txt', {
      token: reader,
    })
    expect(file.headers.get('cache-control')).toBe('private, no-cache')
    expect((await registry.request('GET', '/v1/load/secret/files/notes.txt')).status).toBe(404)
  })

  it('passes X-Skillship-User into the load request and counts the load', async () => {
    await publish('demo', '1.0.0')
    const seen: (string | undefined)[] = []
    const original = registry.caches.loader.load
    registry.caches.loader.load = (request) => {
      seen.push(request.user)
      return original(request)
    }
    await registry.request('GET', '/v1/load/demo', { headers: { 'x-skillship-user': 'u-42' } })
    await registry.request('GET', '/v1/load/demo/files/SKILL.md')
    expect(seen).toEqual(['u-42', undefined])
    // The file read is not a request for the skill: one counted load.
    expect(registry.caches.loadCounts.drain()).toEqual(new Map([['demo', 1]]))
  })
})

describe('GET /v1/load/:name/files/*path', () => {
  it.each([
    ['SKILL.md', 'text/markdown; charset=utf-8'],
    ['scripts/run.py', 'text/plain; charset=utf-8'],
    ['scripts/tool.js', 'text/plain; charset=utf-8'],
    ['data/table.json', 'application/json; charset=utf-8'],
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['assets/blob.bin', 'application/octet-stream'],
  ])('answers %s with its bytes, its sha256 as ETag and %s', async (path, type) => {
    await publish('demo', '1.0.0')
    const response = await registry.request('GET', `/v1/load/demo/files/${path}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    const bytes = new Uint8Array(await response.arrayBuffer())
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    expect(response.headers.get('etag')).toBe(`"sha256-${sha256}"`)
    if (path !== 'SKILL.md')
      expect(new TextDecoder().decode(bytes)).toBe(files[path as 'notes.txt'])
    const notModified = await registry.request('GET', `/v1/load/demo/files/${path}`, {
      headers: { 'if-none-match': `"sha256-${sha256}"` },
    })
    expect(notModified.status).toBe(304)
  })

  it('finds a percent-encoded non-ASCII path and honours range and tag', async () => {
    await publish('demo', '1.0.0')
    const path = encodeURIComponent('ünï cödé.md')
    const response = await registry.request('GET', `/v1/load/demo/files/references/${path}`)
    expect(await response.text()).toBe('# unicode\n')
    expect(
      (await registry.request('GET', '/v1/load/demo/files/notes.txt?range=1.0.0')).status,
    ).toBe(200)
    expect((await registry.request('GET', '/v1/load/demo/files/notes.txt?tag=nope')).status).toBe(
      404,
    )
  })

  it.each([
    'missing.md',
    '..%2F..%2Fetc%2Fpasswd',
    '%2Fetc%2Fpasswd',
    '%2E%2E%2FSKILL.md',
    'scripts',
    'scripts/',
    '%E0%A4%A',
  ])('answers SERVE_FILE_NOT_FOUND for %s', async (path) => {
    await publish('demo', '1.0.0')
    const response = await registry.request('GET', `/v1/load/demo/files/${path}`)
    expect(response.status).toBe(404)
    expect(await codeOf(response)).toBe(ServeErrorCode.FileNotFound)
  })

  it('never leaves the skill through dot segments (the URL resolves them to another route)', async () => {
    await publish('demo', '1.0.0')
    const response = await registry.request('GET', '/v1/load/demo/files/../../../etc/passwd')
    expect(response.status).toBe(404)
    expect(await codeOf(response)).toBe(RegistryErrorCode.NotFound)
  })
})
