import { isSkillshipError, type SkillshipError } from '@skillship/core/errors'
import { computeIntegrity } from '@skillship/core/integrity'
import { afterEach, describe, expect, it } from 'vitest'
import {
  closeFakeRegistries,
  type FakeRegistry,
  failure,
  fakeRegistry,
  listen,
  sendJson,
  sendText,
} from '../../test/fake-registry.js'
import { validAnswer } from '../../test/wire-fixtures.js'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import type { PublishResponse, SkillDocument } from '../wire/documents.js'
import { createRegistryClient } from './create-registry-client.js'
import type { RegistryClient } from './registry-client.js'
import { RegistryHttpError } from './registry-http-error.js'

afterEach(closeFakeRegistries)

async function httpFailure(promise: Promise<unknown>): Promise<RegistryHttpError> {
  const error = await failure(promise)
  if (error instanceof RegistryHttpError) return error
  return expect.fail(`expected a RegistryHttpError, got ${error.code}`)
}

const token = 'sks_s3cr3t-t0k3n'

function expectNoToken(error: SkillshipError): void {
  const visible = `${error.message} ${error.hint ?? ''} ${JSON.stringify(error.details ?? {})}`
  expect(visible).not.toContain(token)
}

const tarball = new Uint8Array(Array.from({ length: 512 }, (_, index) => (index * 7) % 256))

const skillDocument: SkillDocument = {
  name: 'pdf',
  description: 'Reads PDFs',
  private: false,
  distTags: { latest: '1.0.0' },
  versions: {},
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
}

type Call = (client: RegistryClient) => Promise<unknown>

describe('createRegistryClient: requests', () => {
  it.each<[string, Call, string, string, Record<string, string>, unknown]>([
    [
      'search',
      (c) => c.search({ q: 'pdf & docx', limit: 5, cursor: 'c1' }),
      'GET',
      '/v1/skills',
      { q: 'pdf & docx', limit: '5', cursor: 'c1' },
      undefined,
    ],
    ['search without options', (c) => c.search(), 'GET', '/v1/skills', {}, undefined],
    ['getSkill', (c) => c.getSkill('pdf'), 'GET', '/v1/skills/pdf', {}, undefined],
    [
      'getSkill encodes the name',
      (c) => c.getSkill('a b/c?'),
      'GET',
      '/v1/skills/a%20b%2Fc%3F',
      {},
      undefined,
    ],
    [
      'updateSkill',
      (c) => c.updateSkill('pdf', { private: true }),
      'PATCH',
      '/v1/skills/pdf',
      {},
      { private: true },
    ],
    [
      'resolve a range',
      (c) => c.resolve('pdf', '^1.2'),
      'GET',
      '/v1/resolve/pdf',
      { range: '^1.2' },
      undefined,
    ],
    ['resolve latest', (c) => c.resolve('pdf'), 'GET', '/v1/resolve/pdf', {}, undefined],
    [
      'downloadTarball',
      (c) => c.downloadTarball('pdf', '1.0.0+b.1'),
      'GET',
      '/v1/skills/pdf/-/1.0.0%2Bb.1.tgz',
      {},
      undefined,
    ],
    [
      'updateVersion',
      (c) => c.updateVersion('pdf', '1.0.0', { deprecated: null, yanked: true }),
      'PATCH',
      '/v1/skills/pdf/versions/1.0.0',
      {},
      { deprecated: null, yanked: true },
    ],
    ['getDistTags', (c) => c.getDistTags('pdf'), 'GET', '/v1/skills/pdf/dist-tags', {}, undefined],
    [
      'setDistTag',
      (c) => c.setDistTag('pdf', 'beta', '2.0.0-beta.1'),
      'PUT',
      '/v1/skills/pdf/dist-tags/beta',
      {},
      { version: '2.0.0-beta.1' },
    ],
    [
      'removeDistTag',
      (c) => c.removeDistTag('pdf', 'beta'),
      'DELETE',
      '/v1/skills/pdf/dist-tags/beta',
      {},
      undefined,
    ],
    [
      'createToken',
      (c) => c.createToken({ name: 'ci', scopes: ['publish:pdf'] }),
      'POST',
      '/v1/tokens',
      {},
      { name: 'ci', scopes: ['publish:pdf'] },
    ],
    ['listTokens', (c) => c.listTokens(), 'GET', '/v1/tokens', {}, undefined],
    ['deleteToken', (c) => c.deleteToken('tok_1'), 'DELETE', '/v1/tokens/tok_1', {}, undefined],
    ['whoami', (c) => c.whoami(), 'GET', '/v1/whoami', {}, undefined],
    ['livez', (c) => c.livez(), 'GET', '/livez', {}, undefined],
  ])('%s: %s under the base path prefix', async (_label, call, method, path, query, json) => {
    const registry = await fakeRegistry((seen, response) => {
      if (seen.method === 'DELETE' && seen.path.includes('/v1/tokens/')) {
        response.writeHead(204).end()
      } else if (seen.path.endsWith('.tgz')) {
        sendText(response, 200, 'application/gzip', 'bytes')
      } else {
        sendJson(response, 200, validAnswer(seen))
      }
    })
    await call(createRegistryClient({ registry: `${registry.url}/registry/` }))
    expect(registry.seen).toHaveLength(1)
    const [seen] = registry.seen
    expect(seen?.method).toBe(method)
    expect(seen?.path).toBe(`/registry${path}`)
    expect(seen?.query).toEqual(query)
    if (json === undefined) {
      expect(seen?.body.length).toBe(0)
    } else {
      expect(seen?.headers['content-type']).toBe('application/json')
      expect(JSON.parse(seen?.body.toString('utf8') ?? '')).toEqual(json)
    }
  })

  it('sends the bearer token, accept and a user agent', async () => {
    const registry = await fakeRegistry((seen, response) =>
      sendJson(response, 200, validAnswer(seen)),
    )
    await createRegistryClient({ registry: registry.url, token }).whoami()
    expect(registry.seen[0]?.headers.authorization).toBe(`Bearer ${token}`)
    expect(registry.seen[0]?.headers.accept).toBe('application/json')
    expect(registry.seen[0]?.headers['user-agent']).toMatch(/^skillship-registry-client /)
  })

  it('sends no authorization without a token, and a custom user agent', async () => {
    const registry = await fakeRegistry((seen, response) =>
      sendJson(response, 200, validAnswer(seen)),
    )
    await createRegistryClient({
      registry: registry.url,
      token: undefined,
      userAgent: 'skillship/9.9.9',
    }).livez()
    expect(registry.seen[0]?.headers.authorization).toBeUndefined()
    expect(registry.seen[0]?.headers['user-agent']).toBe('skillship/9.9.9')
  })

  it('uses the fetch it is given', async () => {
    const registry = await fakeRegistry((seen, response) =>
      sendJson(response, 200, validAnswer(seen)),
    )
    const urls: string[] = []
    const recording: typeof fetch = (input, init) => {
      urls.push(String(input))
      return fetch(input, init)
    }
    await createRegistryClient({ registry: registry.url, fetch: recording }).livez()
    expect(urls).toEqual([`${registry.url}/livez`])
  })

  it('returns the parsed documents', async () => {
    const published: PublishResponse = {
      name: 'pdf',
      version: '1.0.0',
      integrity: computeIntegrity(tarball),
      distTags: { latest: '1.0.0' },
    }
    const tokens = [{ id: 't1', name: 'ci', scopes: ['read:*'], createdAt: '2025-01-01T00:00:00Z' }]
    const registry = await fakeRegistry((seen, response) => {
      if (seen.method === 'PUT') sendJson(response, 201, published)
      else sendJson(response, 200, { tokens })
    })
    const client = createRegistryClient({ registry: registry.url })
    expect(await client.publish('pdf', tarball)).toEqual(published)
    expect(await client.listTokens()).toEqual(tokens)
  })
})

describe('createRegistryClient: many documents', () => {
  it('reads 1,200 names in pages of 500, each name once, and merges the answers', async () => {
    const registry = await fakeRegistry((seen, response) => {
      const { names } = JSON.parse(seen.body.toString()) as { names: string[] }
      const documents = Object.fromEntries(
        names.filter((name) => name !== 's7').map((name) => [name, { ...skillDocument, name }]),
      )
      sendJson(response, 200, { documents, missing: names.includes('s7') ? ['s7'] : [] })
    })
    const client = createRegistryClient({ registry: registry.url })
    const names = Array.from({ length: 1200 }, (_, index) => `s${index}`)
    const answer = await client.getSkills([...names, 's1'])
    expect(registry.seen.map((seen) => [seen.method, seen.path])).toEqual([
      ['POST', '/v1/documents'],
      ['POST', '/v1/documents'],
      ['POST', '/v1/documents'],
    ])
    expect(registry.seen.map((seen) => JSON.parse(seen.body.toString()).names.length)).toEqual([
      500, 500, 200,
    ])
    expect(Object.keys(answer.documents)).toHaveLength(1199)
    expect(answer.documents['s1']?.name).toBe('s1')
    expect(answer.missing).toEqual(['s7'])
  })
})

describe('createRegistryClient: conditional GET', () => {
  it('returns the document with its ETag, then notModified for a matching If-None-Match', async () => {
    const registry = await fakeRegistry((seen, response) => {
      if (seen.headers['if-none-match'] === '"v1"') {
        response.writeHead(304, { etag: '"v1"' }).end()
      } else {
        sendJson(response, 200, skillDocument, {
          etag: '"v1"',
          'cache-control': 'public, max-age=30',
        })
      }
    })
    const client = createRegistryClient({ registry: registry.url })
    const fresh = await client.getSkill('pdf')
    expect(fresh).toEqual({ notModified: false, document: skillDocument, etag: '"v1"' })
    expect(await client.getSkill('pdf', { etag: '"v1"' })).toEqual({ notModified: true })
    expect(registry.seen[0]?.headers['if-none-match']).toBeUndefined()
    expect(registry.seen[1]?.headers['if-none-match']).toBe('"v1"')
  })

  it('returns a fresh document when the ETag no longer matches', async () => {
    const registry = await fakeRegistry((_seen, response) =>
      sendJson(response, 200, skillDocument, { etag: '"v2"' }),
    )
    const result = await createRegistryClient({ registry: registry.url }).getSkill('pdf', {
      etag: '"v1"',
    })
    expect(result).toEqual({ notModified: false, document: skillDocument, etag: '"v2"' })
  })
})

describe('createRegistryClient: tarballs', () => {
  async function tarballRegistry(): Promise<FakeRegistry> {
    return fakeRegistry((_seen, response) => {
      response.writeHead(200, {
        'content-type': 'application/gzip',
        etag: `"${computeIntegrity(tarball)}"`,
      })
      response.end(tarball)
    })
  }

  it('downloads the bytes, asking for gzip', async () => {
    const registry = await tarballRegistry()
    const bytes = await createRegistryClient({ registry: registry.url }).downloadTarball(
      'pdf',
      '1.0.0',
    )
    expect(bytes).toEqual(tarball)
    expect(registry.seen[0]?.headers.accept).toContain('application/gzip')
  })

  it('verifies a matching integrity', async () => {
    const registry = await tarballRegistry()
    const client = createRegistryClient({ registry: registry.url })
    const bytes = await client.downloadTarball('pdf', '1.0.0', {
      integrity: computeIntegrity(tarball),
    })
    expect(bytes).toEqual(tarball)
  })

  it.each([
    ['other bytes', computeIntegrity(new Uint8Array([1, 2, 3]))],
    ['a malformed value', 'sha512-not-base64'],
    ['another algorithm', `sha256-${'A'.repeat(43)}=`],
  ])('throws REGISTRY_INTEGRITY_MISMATCH for %s', async (_label, integrity) => {
    const registry = await tarballRegistry()
    const client = createRegistryClient({ registry: registry.url })
    const error = await failure(client.downloadTarball('pdf', '1.0.0', { integrity }))
    expect(error.code).toBe(RegistryErrorCode.IntegrityMismatch)
    expect(error.details?.['actual']).toBe(computeIntegrity(tarball))
  })
})

describe('createRegistryClient: publish', () => {
  function publishRegistry(): Promise<FakeRegistry> {
    return fakeRegistry((_seen, response) =>
      sendJson(response, 201, { name: 'pdf', version: '1.2.3', integrity: 'x', distTags: {} }),
    )
  }

  it('PUTs the bytes with content type, query and the given integrity header', async () => {
    const registry = await publishRegistry()
    const client = createRegistryClient({ registry: registry.url, token })
    const integrity = computeIntegrity(tarball)
    await client.publish('pdf', tarball, {
      tag: 'beta',
      access: 'private',
      version: '1.2.3',
      integrity,
    })
    const [seen] = registry.seen
    expect(seen?.method).toBe('PUT')
    expect(seen?.path).toBe('/v1/skills/pdf')
    expect(seen?.query).toEqual({ tag: 'beta', access: 'private', version: '1.2.3' })
    expect(seen?.headers['content-type']).toBe('application/gzip')
    expect(seen?.headers['x-skillship-integrity']).toBe(integrity)
    expect(new Uint8Array(seen?.body ?? [])).toEqual(tarball)
  })

  it('computes the integrity header when none is given and sends no empty query', async () => {
    const registry = await publishRegistry()
    await createRegistryClient({ registry: registry.url, token }).publish('pdf', tarball)
    expect(registry.seen[0]?.headers['x-skillship-integrity']).toBe(computeIntegrity(tarball))
    expect(registry.seen[0]?.query).toEqual({})
  })

  it('passes a refusal through with its code, status and details', async () => {
    const issues = [{ code: 'SKILL_NAME_MISSING', severity: 'error', message: 'm' }]
    const registry = await fakeRegistry((_seen, response) =>
      sendJson(response, 422, {
        error: { code: 'REGISTRY_INVALID_SKILL', message: 'm', details: { issues } },
      }),
    )
    const client = createRegistryClient({ registry: registry.url, token })
    const error = await httpFailure(client.publish('pdf', tarball))
    expect(error.code).toBe(RegistryErrorCode.InvalidSkill)
    expect(error.status).toBe(422)
    expect(error.details).toEqual({ issues })
  })
})

describe('createRegistryClient: errors', () => {
  it('rebuilds an ErrorBody as a RegistryHttpError with status, hint, details and request id', async () => {
    const registry = await fakeRegistry((_seen, response) =>
      sendJson(
        response,
        404,
        {
          error: {
            code: 'REGISTRY_VERSION_NOT_FOUND',
            message: 'm',
            hint: 'h',
            details: { v: '9' },
          },
        },
        { 'x-request-id': 'req-42' },
      ),
    )
    const client = createRegistryClient({ registry: registry.url, token })
    const error = await httpFailure(client.setDistTag('pdf', 'beta', '9.0.0'))
    expect(error.code).toBe(RegistryErrorCode.VersionNotFound)
    expect(error.status).toBe(404)
    expect(error.hint).toBe('h')
    expect(error.details).toEqual({ v: '9' })
    expect(error.requestId).toBe('req-42')
    expectNoToken(error)
  })

  it.each([
    ['a bare 500', 500, 'text/plain', ''],
    ['an HTML 502', 502, 'text/html', '<html><body>Bad Gateway</body></html>'],
    ['JSON that is no ErrorBody', 404, 'application/json', '{"message":"not found"}'],
    ['a 401 with a truncated body', 401, 'application/json', '{"error":{"code":'],
  ])('maps %s to REGISTRY_PROTOCOL with the status', async (_label, status, type, text) => {
    const registry = await fakeRegistry((_seen, response) => sendText(response, status, type, text))
    const error = await httpFailure(
      createRegistryClient({ registry: registry.url, token }).whoami(),
    )
    expect(error.code).toBe(RegistryErrorCode.Protocol)
    expect(error.status).toBe(status)
    expectNoToken(error)
  })

  it.each<[string, string, Call]>([
    ['HTML on a 200', '<html></html>', (c) => c.whoami()],
    ['a JSON array', '[]', (c) => c.search()],
    ['JSON null', 'null', (c) => c.getSkill('pdf')],
    ['an empty body', '', (c) => c.resolve('pdf')],
    ['no tokens list', '{"tokens":"none"}', (c) => c.listTokens()],
  ])('maps a 2xx with %s to REGISTRY_PROTOCOL', async (_label, text, call) => {
    const registry = await fakeRegistry((_seen, response) =>
      sendText(response, 200, 'application/json', text),
    )
    const error = await httpFailure(call(createRegistryClient({ registry: registry.url })))
    expect(error.code).toBe(RegistryErrorCode.Protocol)
    expect(error.status).toBe(200)
  })

  it('maps a refused connection to REGISTRY_UNREACHABLE with the host and a cause', async () => {
    const closed = await listen(() => undefined)
    await closed.close()
    const client = createRegistryClient({ registry: closed.url, token })
    const error = await failure(client.whoami())
    expect(error.code).toBe(RegistryErrorCode.Unreachable)
    expect(error).not.toBeInstanceOf(RegistryHttpError)
    expect(error.details?.['host']).toBe(new URL(closed.url).host)
    expect(error.hint).toBeDefined()
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED')
    expectNoToken(error)
  })

  it('maps a refused connection through a given fetch to REGISTRY_UNREACHABLE too', async () => {
    const closed = await listen(() => undefined)
    await closed.close()
    const client = createRegistryClient({ registry: closed.url, token, fetch })
    const error = await failure(client.whoami())
    expect(error.code).toBe(RegistryErrorCode.Unreachable)
    expect(error.cause).toBeInstanceOf(TypeError)
  })

  it.each([
    ['node:http', undefined],
    ['fetch', fetch],
  ])('maps an answer cut off mid-body to REGISTRY_UNREACHABLE (%s)', async (_label, fetchImpl) => {
    const registry = await fakeRegistry((_seen, response) => {
      response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': '1000' })
      response.write(Buffer.alloc(10))
      setTimeout(() => response.socket?.destroy(), 20)
    })
    const client = createRegistryClient({ registry: registry.url, fetch: fetchImpl })
    const error = await failure(client.downloadTarball('pdf', '1.0.0'))
    expect(error.code).toBe(RegistryErrorCode.Unreachable)
  })

  it('maps a registry that does not answer in time to REGISTRY_UNREACHABLE', async () => {
    const registry = await fakeRegistry(() => undefined)
    const client = createRegistryClient({ registry: registry.url, token, timeoutMs: 100 })
    const error = await failure(client.getSkill('pdf'))
    expect(error.code).toBe(RegistryErrorCode.Unreachable)
    expect(error.cause).toBeInstanceOf(DOMException)
    expectNoToken(error)
  })

  it('maps a body that stalls after the headers to REGISTRY_UNREACHABLE', async () => {
    const registry = await fakeRegistry((_seen, response) => {
      response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': '1000' })
      response.write(tarball.subarray(0, 10))
    })
    const client = createRegistryClient({ registry: registry.url, timeoutMs: 200 })
    const error = await failure(client.downloadTarball('pdf', '1.0.0'))
    expect(error.code).toBe(RegistryErrorCode.Unreachable)
  })

  it('maps a connection cut mid-body to REGISTRY_UNREACHABLE', async () => {
    const registry = await fakeRegistry((_seen, response) => {
      response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': '1000' })
      response.write(tarball.subarray(0, 10), () => response.destroy())
    })
    const error = await failure(
      createRegistryClient({ registry: registry.url }).downloadTarball('pdf', '1.0.0'),
    )
    expect(error.code).toBe(RegistryErrorCode.Unreachable)
  })

  it('maps a bare system error of a custom fetch to REGISTRY_UNREACHABLE', async () => {
    const failing: typeof fetch = () =>
      Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))
    const client = createRegistryClient({ registry: 'https://r.example/', fetch: failing })
    expect((await failure(client.livez())).code).toBe(RegistryErrorCode.Unreachable)
  })

  it('rethrows any other failure of fetch unchanged', async () => {
    const bug = new RangeError('a bug')
    const failing: typeof fetch = () => Promise.reject(bug)
    const client = createRegistryClient({ registry: 'https://r.example/', fetch: failing })
    await expect(client.livez()).rejects.toBe(bug)
  })

  it('refuses a dot-segment tag before sending anything', async () => {
    const registry = await fakeRegistry((seen, response) =>
      sendJson(response, 200, validAnswer(seen)),
    )
    const client = createRegistryClient({ registry: `${registry.url}/registry/` })
    expect((await failure(client.removeDistTag('pdf', '..'))).code).toBe(
      RegistryErrorCode.BadRequest,
    )
    expect(registry.seen).toHaveLength(0)
  })
})

describe('createRegistryClient: options', () => {
  function configCode(run: () => unknown): string | undefined {
    try {
      run()
    } catch (error) {
      if (isSkillshipError(error)) {
        expectNoToken(error)
        return error.code
      }
      throw error
    }
    return undefined
  }

  it.each([
    ['a relative URL', { registry: '/v1' }],
    ['credentials in the URL', { registry: `https://u:${token}@r.example/` }],
    ['a token with a newline', { registry: 'https://r.example/', token: `${token}\n` }],
    ['an empty token', { registry: 'https://r.example/', token: '' }],
    ['a user agent with a newline', { registry: 'https://r.example/', userAgent: 'a\nb' }],
    ['a zero timeout', { registry: 'https://r.example/', timeoutMs: 0 }],
    ['a fractional timeout', { registry: 'https://r.example/', timeoutMs: 1.5 }],
  ])('refuses %s with REGISTRY_CONFIG_INVALID', (_label, options) => {
    expect(configCode(() => createRegistryClient(options))).toBe(RegistryErrorCode.ConfigInvalid)
  })

  it('sends nothing until a method is called', () => {
    let calls = 0
    const counting: typeof fetch = () => {
      calls += 1
      return Promise.reject(new TypeError('unused'))
    }
    createRegistryClient({ registry: 'https://r.example/', fetch: counting })
    expect(calls).toBe(0)
  })
})
