import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient } from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../test/registry-harness.js'
import { parseServerConfig } from '../config/server-config.js'
import { createTokenOffline } from './offline-tokens.js'
import { type RunningServer, startServer } from './start-server.js'

let server: RunningServer
let dataDir: string
let adminToken: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'skillship-start-'))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: dataDir, port: '0' },
  })
  server = await startServer(config)
  adminToken = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
  const client = createRegistryClient({ registry: server.url, token: adminToken })
  await client.publish('open', await packTestSkill('open', '1.0.0'))
  await client.publish('hidden', await packTestSkill('hidden', '1.0.0'), { access: 'private' })
})

afterAll(async () => {
  await server.close()
  await rm(dataDir, { recursive: true, force: true })
})

const headersOf = (response: Response) => ({
  etag: response.headers.get('etag'),
  cacheControl: response.headers.get('cache-control'),
  contentType: response.headers.get('content-type'),
  requestId: response.headers.get('x-request-id'),
})

describe('the document fast path', () => {
  it('answers a cached document exactly as the framework route does (body, headers, 304)', async () => {
    // The first read renders through Hono and fills the cache; the second is served below it.
    const viaApp = await fetch(`${server.url}/v1/skills/open`, {
      headers: { 'x-request-id': 'first' },
    })
    const viaFastPath = await fetch(`${server.url}/v1/skills/open`, {
      headers: { 'x-request-id': 'second' },
    })
    expect(viaFastPath.status).toBe(200)
    expect(await viaFastPath.text()).toBe(await viaApp.text())
    expect({ ...headersOf(viaFastPath), requestId: 'x' }).toEqual({
      ...headersOf(viaApp),
      requestId: 'x',
    })
    expect(viaFastPath.headers.get('x-request-id')).toBe('second')
    const notModified = await fetch(`${server.url}/v1/skills/open`, {
      headers: { 'if-none-match': viaApp.headers.get('etag') ?? '' },
    })
    expect(notModified.status).toBe(304)
    expect(notModified.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('never serves a private skill to an anonymous caller, cached or not', async () => {
    await fetch(`${server.url}/v1/skills/hidden`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
    expect((await fetch(`${server.url}/v1/skills/hidden`)).status).toBe(404)
  })

  it('sees a publish at once (the cache entry is dropped on write)', async () => {
    await fetch(`${server.url}/v1/skills/open`)
    await createRegistryClient({ registry: server.url, token: adminToken }).publish(
      'open',
      await packTestSkill('open', '1.1.0'),
    )
    const document = (await (await fetch(`${server.url}/v1/skills/open`)).json()) as {
      distTags: Record<string, string>
    }
    expect(document.distTags['latest']).toBe('1.1.0')
  })
})
