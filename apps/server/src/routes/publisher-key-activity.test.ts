import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { activityPageSchema, checkWire } from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenOffline } from '../app/offline-tokens.js'
import { type RunningServer, startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'

// Publisher key changes on a real server: each is logged with its own write, for admins only.
describe('publisher key activity (real server)', () => {
  let dataDir: string
  let server: RunningServer
  const tokens = { admin: '', ci: '' }

  const call = async (path: string, token: string, init: RequestInit = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  const entries = async (token: string) => {
    const page = checkWire(activityPageSchema, (await call('/v1/activity', token)).body)
    if (!page.ok) throw new Error(`${page.path} ${page.problem}`)
    return page.value.entries.map((e) => [e.action, e.actor, e.target])
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'skillship-key-activity-'))
    const config = parseServerConfig({
      env: { SKILLSHIP_LOG_LEVEL: 'silent' },
      flags: { data: dataDir, port: '0' },
    })
    tokens.admin = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
    tokens.ci = (await createTokenOffline(config, { name: 'ci', scopes: ['publish:team-*'] })).token
    server = await startServer(config, { evaluatorIntervalMs: 60_000 })
  }, 60_000)

  afterAll(async () => {
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('logs a key added and revoked, and nothing for a refused add or revoke', async () => {
    const { publicKey } = generateKeyPairSync('ed25519')
    const pem = String(publicKey.export({ format: 'pem', type: 'spki' }))
    const body = JSON.stringify({ publicKey: pem })
    const added = await call('/v1/keys/publishers', tokens.ci, { method: 'POST', body })
    expect(added.status).toBe(201)
    const keyId = String(added.body['keyId'])
    const again = await call('/v1/keys/publishers', tokens.ci, { method: 'POST', body })
    expect(again.status).toBe(409)
    const del = { method: 'DELETE' }
    expect((await call(`/v1/keys/publishers/${keyId}`, tokens.ci, del)).status).toBe(200)
    expect((await call('/v1/keys/publishers/unknown', tokens.ci, del)).status).toBe(404)
    expect(await entries(tokens.admin)).toEqual([
      ['key.revoke', 'ci', keyId],
      ['key.add', 'ci', keyId],
    ])
    // Key entries name no skill: only admins read them.
    expect(await entries(tokens.ci)).toEqual([])
  })
})
