import { createPublicKey, verify } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { computeIntegrity } from '@skillship/core/node'
import {
  loadResponseSchema,
  registryKeysResponseSchema,
  registrySignedMessage,
  type ServedSignatures,
  servedSignaturesSchema,
  signatureHeader,
  signaturesMetaKey,
} from '@skillship/registry-client'
import {
  buildSkillStatement,
  exportSigningKey,
  generateSigningKey,
  signSkillStatement,
} from '@skillship/signing'
import { skillDigestOfArchive } from '@skillship/signing/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod/v4/mini'
import { packTestSkill } from '../../test/registry-harness.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { type RunningServer, startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'

let server: RunningServer
let dataDir: string
let token: string
const publisher = generateSigningKey()

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'skillship-served-sigs-'))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: dataDir, port: '0' },
  })
  server = await startServer(config)
  token = (await createTokenOffline(config, { name: 'alice', scopes: ['publish:*'] })).token
  const added = await call('/v1/keys/publishers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ publicKey: exportSigningKey(publisher).publicKeyPem }),
  })
  expect(added.status).toBe(201)
  const tarball = await packTestSkill('team-pdf', '1.0.0')
  const statement = buildSkillStatement({
    name: 'team-pdf',
    version: '1.0.0',
    skillDigest: await skillDigestOfArchive(tarball),
    integrity: computeIntegrity(tarball),
    publisher: 'alice',
    publishedAt: new Date('2026-12-07T12:00:00Z'),
  })
  const bundle = signSkillStatement(statement, publisher)
  const put = await call('/v1/skills/team-pdf', {
    method: 'PUT',
    headers: {
      'content-type': 'application/gzip',
      [signatureHeader]: Buffer.from(bundle).toString('base64url'),
    },
    body: tarball,
  })
  expect(put.status).toBe(201)
})

afterAll(async () => {
  await server.close()
  await rm(dataDir, { recursive: true, force: true })
})

function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { authorization: `Bearer ${token}`, ...(init.headers ?? {}) }
  return fetch(`${server.url}${path}`, { ...init, headers })
}

// The registry signature in `served` verifies over what it says it covers, with GET /v1/keys.
async function registrySignatureHolds(
  name: string,
  version: string,
  integrity: string,
  served: ServedSignatures,
): Promise<boolean> {
  const { keys } = z.parse(
    registryKeysResponseSchema,
    await (await fetch(`${server.url}/v1/keys`)).json(),
  )
  const [signature] = served.registry
  const key = keys.find((candidate) => candidate.keyId === signature?.keyId)
  if (signature === undefined || key === undefined) return false
  const message = registrySignedMessage(name, version, integrity, served.audit, signature.signedAt)
  const sig = Buffer.from(signature.sig, 'base64')
  return verify(null, Buffer.from(message), createPublicKey(key.publicKey), sig)
}

async function load() {
  return z.parse(loadResponseSchema, await (await fetch(`${server.url}/v1/load/team-pdf`)).json())
}

describe('signatures on load answers and MCP results', () => {
  it('carries the publisher key id and a registry signature that verifies', async () => {
    const answer = await load()
    expect(answer.signatures?.publisher).toMatchObject({ keyId: publisher.keyId, revoked: false })
    expect(answer.signatures?.audit?.verdict).toBe('pass')
    expect(answer.signatures?.registry).toHaveLength(1)
    expect(
      await registrySignatureHolds(
        'team-pdf',
        '1.0.0',
        answer.integrity,
        answer.signatures as ServedSignatures,
      ),
    ).toBe(true)
  })

  it('carries them in MCP _meta: skill entries, resources/read and tool results', async () => {
    const client = new Client({ name: 'skillship-test', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)))
    try {
      const entry = await client.request(
        { method: 'skills/get', params: { uri: 'skill://team-pdf/SKILL.md' } },
        z.object({ skill: z.object({ _meta: z.record(z.string(), z.unknown()) }) }),
      )
      const read = await client.readResource({ uri: 'skill://team-pdf/SKILL.md' })
      const tool = await client.callTool({ name: 'load_skill', arguments: { name: 'team-pdf' } })
      const file = await client.callTool({
        name: 'read_skill_file',
        arguments: { name: 'team-pdf', path: 'SKILL.md' },
      })
      for (const meta of [entry.skill._meta, read._meta, tool._meta, file._meta]) {
        const served = z.parse(servedSignaturesSchema, meta?.[signaturesMetaKey])
        expect(served.publisher?.keyId).toBe(publisher.keyId)
        expect(served.registry[0]?.keyId).toMatch(/^sha256:/)
      }
    } finally {
      await client.close()
    }
  })

  it('shows a revocation at once, also to a load the cache answered before', async () => {
    expect((await load()).signatures?.publisher?.revoked).toBe(false)
    expect((await load()).signatures?.publisher?.revoked).toBe(false)
    const revoked = await call(`/v1/keys/publishers/${publisher.keyId}`, { method: 'DELETE' })
    expect(revoked.status).toBe(200)
    expect((await load()).signatures?.publisher?.revoked).toBe(true)
  })
})
