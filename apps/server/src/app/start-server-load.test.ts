import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient } from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../test/registry-harness.js'
import { parseServerConfig, type ServerConfig } from '../config/server-config.js'
import type { CacheResult, LoadResultKind } from '../load/skill-loader.js'
import { createStorage } from '../storage/create-storage.js'
import { createTokenOffline } from './offline-tokens.js'
import { type RunningServer, startServer } from './start-server.js'

let dataDir: string
let config: ServerConfig
let adminToken: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'skillship-load-'))
  config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_WARMUP_SKILLS: '2' },
    flags: { data: dataDir, port: '0' },
  })
  adminToken = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

const headersOf = (response: Response) => ({
  etag: response.headers.get('etag'),
  cacheControl: response.headers.get('cache-control'),
  contentType: response.headers.get('content-type'),
  contentLength: response.headers.get('content-length'),
})

async function withServer(
  work: (server: RunningServer, loads: [CacheResult, LoadResultKind][]) => Promise<void>,
): Promise<void> {
  const loads: [CacheResult, LoadResultKind][] = []
  const server = await startServer(config, {
    onLoad: (_seconds, cache, outcome) => loads.push([cache, outcome]),
  })
  try {
    await work(server, loads)
  } finally {
    await server.close()
  }
}

describe('startServer: the load API', () => {
  it('serves a cached load below the framework with the same bytes and headers', async () => {
    await withServer(async (server, loads) => {
      const client = createRegistryClient({ registry: server.url, token: adminToken })
      await client.publish('open', await packTestSkill('open', '1.0.0'))
      await client.publish('popular', await packTestSkill('popular', '1.0.0'))
      const viaApp = await fetch(`${server.url}/v1/load/open`)
      const viaFastPath = await fetch(`${server.url}/v1/load/open`, {
        headers: { 'x-request-id': 'fast' },
      })
      expect(viaFastPath.status).toBe(200)
      expect(await viaFastPath.text()).toBe(await viaApp.text())
      expect(headersOf(viaFastPath)).toEqual(headersOf(viaApp))
      expect(viaFastPath.headers.get('x-request-id')).toBe('fast')
      const notModified = await fetch(`${server.url}/v1/load/open`, {
        headers: { 'if-none-match': viaApp.headers.get('etag') ?? '' },
      })
      expect(notModified.status).toBe(304)
      expect(loads).toEqual([
        ['miss', 'ok'],
        ['hit', 'ok'],
        ['hit', 'ok'],
      ])
      for (let i = 0; i < 5; i++) await fetch(`${server.url}/v1/load/popular`)
    })
  })

  it('flushed the load counts at close, and warms the most loaded skills at the next start', async () => {
    const storage = await createStorage({ dataDir })
    try {
      expect(await storage.metadata.mostLoaded(5)).toEqual(['popular', 'open'])
    } finally {
      await storage.close()
    }
    await withServer(async (server, loads) => {
      await server.warmedUp
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
      // Warm-up loaded both (two misses); the first request is already a hit.
      expect(loads).toEqual([
        ['miss', 'ok'],
        ['miss', 'ok'],
      ])
      expect((await fetch(`${server.url}/v1/load/open`)).status).toBe(200)
      expect(loads.at(-1)).toEqual(['hit', 'ok'])
    })
    // Warm-up loads are not counted: only the one request above was added.
    const after = await createStorage({ dataDir })
    try {
      expect(await after.metadata.mostLoaded(5)).toEqual(['popular', 'open'])
    } finally {
      await after.close()
    }
  })
})
