import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestRegistry,
  packTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'
import { createLogger } from '../logging/create-logger.js'
import { createLoadFastPath } from './load-fast-path.js'

// A server that answers only through the fast path: 599 means it declined.
let registry: TestRegistry
let server: Server
let url: string

beforeAll(async () => {
  registry = await createTestRegistry()
  const fastPath = createLoadFastPath(registry.caches.loader, createLogger('info'))
  server = createServer((request, response) => {
    if (!fastPath(request, response)) response.writeHead(599).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  for (const [name, query] of [
    ['open', ''],
    ['hidden', '?access=private'],
  ] as const) {
    const response = await registry.request('PUT', `/v1/skills/${name}${query}`, {
      token: registry.adminToken,
      body: await packTestSkill(name, '1.0.0'),
    })
    expect(response.status).toBe(201)
  }
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await registry.close()
})

describe('createLoadFastPath', () => {
  it('declines until the route has cached the answer, then sends the route bytes and headers', async () => {
    expect((await fetch(`${url}/v1/load/open`)).status).toBe(599)
    const viaRoute = await registry.request('GET', '/v1/load/open')
    const viaFastPath = await fetch(`${url}/v1/load/open`)
    expect(viaFastPath.status).toBe(200)
    expect(new Uint8Array(await viaFastPath.arrayBuffer())).toEqual(
      new Uint8Array(await viaRoute.arrayBuffer()),
    )
    for (const header of ['etag', 'cache-control', 'content-type']) {
      expect(viaFastPath.headers.get(header)).toBe(viaRoute.headers.get(header))
    }
    expect(viaFastPath.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const etag = viaRoute.headers.get('etag') ?? ''
    expect(
      (await fetch(`${url}/v1/load/open`, { headers: { 'if-none-match': etag } })).status,
    ).toBe(304)
  })

  it('declines whatever is not an anonymous, plain, cached load of a public skill', async () => {
    await registry.request('GET', '/v1/load/open')
    const token = await registry.token(['read:*'])
    await registry.request('GET', '/v1/load/hidden', { token })
    const declined = [
      fetch(`${url}/v1/load/open?range=1.0.0`),
      fetch(`${url}/v1/load/open/files/SKILL.md`),
      fetch(`${url}/v1/load/open`, { method: 'HEAD' }),
      fetch(`${url}/v1/load/open`, { headers: { authorization: `Bearer ${token}` } }),
      fetch(`${url}/v1/load/open`, { headers: { 'x-skillship-user': 'u' } }),
      fetch(`${url}/v1/load/hidden`),
      fetch(`${url}/v1/load/Open`),
    ]
    expect((await Promise.all(declined)).map((r) => r.status)).toEqual(
      Array.from({ length: declined.length }, () => 599),
    )
  })

  it('declines after a publish until the route has loaded the new latest', async () => {
    await registry.request('GET', '/v1/load/open')
    await registry.request('PUT', '/v1/skills/open', {
      token: registry.adminToken,
      body: await packTestSkill('open', '1.1.0'),
    })
    expect((await fetch(`${url}/v1/load/open`)).status).toBe(599)
    await registry.request('GET', '/v1/load/open')
    const answer = (await (await fetch(`${url}/v1/load/open`)).json()) as { version: string }
    expect(answer.version).toBe('1.1.0')
  })
})
