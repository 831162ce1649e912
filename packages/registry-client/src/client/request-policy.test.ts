import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, describe, expect, it } from 'vitest'
import { closeFakeRegistries, failure, fakeRegistry, sendJson } from '../../test/fake-registry.js'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import type { SkillDocument } from '../wire/documents.js'
import { createRegistryClient } from './create-registry-client.js'
import type { RegistryClientOptions } from './registry-client.js'

afterEach(closeFakeRegistries)

const document: SkillDocument = {
  name: 'pdf',
  description: 'Reads PDFs',
  private: false,
  distTags: { latest: '1.0.0' },
  versions: {},
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
}

const unavailable = { error: { code: 'REGISTRY_STORAGE_UNAVAILABLE', message: 'down' } }
const fastRetries = { retries: 2, baseDelayMs: 1, maxDelayMs: 5 }
const exchanges: [string, typeof fetch | undefined][] = [
  ['node:http', undefined],
  ['fetch', fetch],
]

function client(url: string, fetchImpl: typeof fetch | undefined, extra = {}) {
  const options: RegistryClientOptions = { registry: url, fetch: fetchImpl, retry: fastRetries }
  return createRegistryClient({ ...options, ...extra })
}

describe.each(exchanges)('redirects over %s', (_label, fetchImpl) => {
  it('follows a same-origin 302, keeping the token, under the base path', async () => {
    const registry = await fakeRegistry((seen, response) => {
      if (seen.path === '/old/v1/skills/pdf') {
        response.writeHead(302, { location: '/new/v1/skills/pdf' })
        response.end()
      } else sendJson(response, 200, document)
    })
    const answer = await client(`${registry.url}/old/`, fetchImpl, { token: 'sks_t' }).getSkill(
      'pdf',
    )
    expect(answer).toMatchObject({ notModified: false, document })
    expect(registry.seen.map((seen) => seen.path)).toEqual([
      '/old/v1/skills/pdf',
      '/new/v1/skills/pdf',
    ])
    expect(registry.seen[1]?.headers.authorization).toBe('Bearer sks_t')
  })

  it('refuses a redirect to another origin and sends it nothing', async () => {
    const other = await fakeRegistry((_seen, response) => sendJson(response, 200, document))
    const registry = await fakeRegistry((_seen, response) => {
      response.writeHead(302, { location: `${other.url}/v1/skills/pdf` })
      response.end()
    })
    const error = await failure(client(registry.url, fetchImpl, { token: 'sks_t' }).getSkill('pdf'))
    expect(error.code).toBe(RegistryErrorCode.RedirectRefused)
    expect(error.details?.['reason']).toBe('cross-origin')
    expect(other.seen).toHaveLength(0)
  })

  it('refuses a redirect loop', async () => {
    const registry = await fakeRegistry((seen, response) => {
      const next = seen.path === '/v1/skills/pdf' ? '/elsewhere' : '/v1/skills/pdf'
      response.writeHead(302, { location: next })
      response.end()
    })
    const error = await failure(client(registry.url, fetchImpl).getSkill('pdf'))
    expect(error.code).toBe(RegistryErrorCode.RedirectRefused)
    expect(error.details?.['reason']).toBe('loop')
  })

  it('refuses more than 5 redirects in a row', async () => {
    const registry = await fakeRegistry((seen, response) => {
      response.writeHead(302, { location: `${seen.path}x` })
      response.end()
    })
    const error = await failure(client(registry.url, fetchImpl).getSkill('pdf'))
    expect(error.code).toBe(RegistryErrorCode.RedirectRefused)
    expect(error.details?.['reason']).toBe('too-many')
    expect(registry.seen).toHaveLength(6)
  })

  it('re-sends a PUT and its body on a same-origin 307', async () => {
    const registry = await fakeRegistry((seen, response) => {
      if (seen.path === '/v1/skills/pdf/dist-tags/beta') {
        response.writeHead(307, { location: '/moved/v1/skills/pdf/dist-tags/beta' })
        response.end()
      } else sendJson(response, 200, { name: 'pdf', distTags: { beta: '1.0.0' } })
    })
    await client(registry.url, fetchImpl).setDistTag('pdf', 'beta', '1.0.0')
    expect(registry.seen.map((seen) => [seen.method, seen.body.toString()])).toEqual([
      ['PUT', '{"version":"1.0.0"}'],
      ['PUT', '{"version":"1.0.0"}'],
    ])
  })

  it('refuses a 302 of a PUT, which would drop its body', async () => {
    const registry = await fakeRegistry((_seen, response) => {
      response.writeHead(302, { location: '/moved' })
      response.end()
    })
    const error = await failure(client(registry.url, fetchImpl).setDistTag('pdf', 'beta', '1.0.0'))
    expect(error.code).toBe(RegistryErrorCode.RedirectRefused)
    expect(registry.seen).toHaveLength(1)
  })
})

describe.each(exchanges)('retries over %s', (_label, fetchImpl) => {
  it('retries a GET answered 503, then returns the 200', async () => {
    const registry = await fakeRegistry((seen, response) => {
      if (registry.seen.length === 1) sendJson(response, 503, unavailable)
      else sendJson(response, 200, document)
      expect(seen.method).toBe('GET')
    })
    const answer = await client(registry.url, fetchImpl).getSkill('pdf')
    expect(answer).toMatchObject({ notModified: false, document })
    expect(registry.seen).toHaveLength(2)
  })

  it.each([502, 503, 504])('gives up after the retries on %i', async (status) => {
    const registry = await fakeRegistry((_seen, response) =>
      sendJson(response, status, unavailable),
    )
    const error = await failure(client(registry.url, fetchImpl).getSkill('pdf'))
    expect(error.code).toBe('REGISTRY_STORAGE_UNAVAILABLE')
    expect(registry.seen).toHaveLength(3)
  })

  it('retries a GET whose connection was reset', async () => {
    const registry = await fakeRegistry((_seen, response) => {
      if (registry.seen.length === 1) response.socket?.destroy()
      else sendJson(response, 200, document)
    })
    expect(await client(registry.url, fetchImpl).getSkill('pdf')).toMatchObject({ document })
    expect(registry.seen).toHaveLength(2)
  })

  it('never retries a PUT', async () => {
    const registry = await fakeRegistry((_seen, response) => sendJson(response, 503, unavailable))
    const error = await failure(
      client(registry.url, fetchImpl).publish('pdf', new Uint8Array([1, 2, 3])),
    )
    expect(error.code).toBe('REGISTRY_STORAGE_UNAVAILABLE')
    expect(registry.seen).toHaveLength(1)
  })

  it('does not retry a 500', async () => {
    const internal = { error: { code: 'REGISTRY_INTERNAL', message: 'bug' } }
    const registry = await fakeRegistry((_seen, response) => sendJson(response, 500, internal))
    expect((await failure(client(registry.url, fetchImpl).getSkill('pdf'))).code).toBe(
      'REGISTRY_INTERNAL',
    )
    expect(registry.seen).toHaveLength(1)
  })

  it('honours a 429 Retry-After within the bound', async () => {
    const registry = await fakeRegistry((_seen, response) => {
      if (registry.seen.length === 1) sendJson(response, 429, unavailable, { 'retry-after': '0' })
      else sendJson(response, 200, document)
    })
    expect(await client(registry.url, fetchImpl).getSkill('pdf')).toMatchObject({ document })
    expect(registry.seen).toHaveLength(2)
  })

  it('does not wait for a Retry-After past the bound', async () => {
    const registry = await fakeRegistry((_seen, response) =>
      sendJson(response, 429, unavailable, { 'retry-after': '3600' }),
    )
    const error = await failure(client(registry.url, fetchImpl).getSkill('pdf'))
    expect(error.code).toBe('REGISTRY_STORAGE_UNAVAILABLE')
    expect(registry.seen).toHaveLength(1)
  })
})

describe('retry options', () => {
  it.each([
    ['negative retries', { retries: -1 }],
    ['fractional base delay', { baseDelayMs: 0.5 }],
    ['a delay cap below the base', { baseDelayMs: 100, maxDelayMs: 10 }],
  ])('refuses %s with REGISTRY_CONFIG_INVALID', (_label, retry) => {
    let code: string | undefined
    try {
      createRegistryClient({ registry: 'http://127.0.0.1:1/', retry })
    } catch (error) {
      if (!isSkillshipError(error)) throw error
      code = error.code
    }
    expect(code).toBe(RegistryErrorCode.ConfigInvalid)
  })
})
