import { createPublicKey, verify } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeIntegrity } from '@skillship/core/node'
import {
  publisherKeyDocumentSchema,
  registryKeysResponseSchema,
  registrySignedMessage,
  signatureHeader,
  versionDocumentSchema,
} from '@skillship/registry-client'
import {
  buildSkillStatement,
  exportSigningKey,
  generateSigningKey,
  type SigningKey,
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
const tokens: Record<'alice' | 'bob' | 'admin', string> = { alice: '', bob: '', admin: '' }
const aliceKey = generateSigningKey()
const bobKey = generateSigningKey()

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'skillship-signed-'))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_REQUIRE_SIGNATURES: 'team-*' },
    flags: { data: dataDir, port: '0' },
  })
  server = await startServer(config)
  const issue = async (name: string, scopes: string[]) =>
    (await createTokenOffline(config, { name, scopes })).token
  tokens.alice = await issue('alice', ['publish:team-*'])
  tokens.bob = await issue('bob', ['publish:other-*'])
  tokens.admin = await issue('admin', ['admin'])
  await addKey('alice', aliceKey)
  await addKey('bob', bobKey)
})

afterAll(async () => {
  await server.close()
  await rm(dataDir, { recursive: true, force: true })
})

function call(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const headers = { authorization: `Bearer ${token}`, ...(init.headers ?? {}) }
  return fetch(`${server.url}${path}`, { ...init, headers })
}

async function addKey(owner: 'alice' | 'bob', key: SigningKey): Promise<Response> {
  const publicKey = exportSigningKey(key).publicKeyPem
  const response = await call('/v1/keys/publishers', tokens[owner], {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ publicKey }),
  })
  expect(response.status).toBe(201)
  return response
}

async function bundleFor(name: string, version: string, tarball: Uint8Array, key: SigningKey) {
  const statement = buildSkillStatement({
    name,
    version,
    skillDigest: await skillDigestOfArchive(tarball),
    integrity: computeIntegrity(tarball),
    publisher: 'alice',
    publishedAt: new Date('2026-12-07T12:00:00Z'),
  })
  return signSkillStatement(statement, key)
}

async function put(name: string, tarball: Uint8Array, bundle?: string, token = tokens.alice) {
  const headers: Record<string, string> = { 'content-type': 'application/gzip' }
  if (bundle !== undefined) headers[signatureHeader] = Buffer.from(bundle).toString('base64url')
  const response = await call(`/v1/skills/${name}`, token, {
    method: 'PUT',
    headers,
    body: tarball,
  })
  const body = (await response.json()) as { error?: { code: string; details?: unknown } }
  return { status: response.status, code: body.error?.code, body }
}

async function versionOf(name: string, version: string) {
  const response = await fetch(`${server.url}/v1/skills/${name}`)
  if (response.status !== 200) return undefined
  const document = (await response.json()) as { versions: Record<string, unknown> }
  const found = document.versions[version]
  return found === undefined ? undefined : z.parse(versionDocumentSchema, found)
}

describe('signed publish', () => {
  it('stores a signed version, serves its bundle, and signs it as the registry', async () => {
    const tarball = await packTestSkill('team-pdf', '1.0.0')
    const bundle = await bundleFor('team-pdf', '1.0.0', tarball, aliceKey)
    expect((await put('team-pdf', tarball, bundle)).status).toBe(201)
    const document = await versionOf('team-pdf', '1.0.0')
    expect(document?.signatures?.publisher).toEqual({
      keyId: aliceKey.keyId,
      bundle: '/v1/skills/team-pdf/versions/1.0.0/bundle',
      revoked: false,
    })
    const served = await fetch(`${server.url}${document?.signatures?.publisher?.bundle}`)
    expect(await served.text()).toBe(bundle)
    const { keys } = z.parse(
      registryKeysResponseSchema,
      await (await fetch(`${server.url}/v1/keys`)).json(),
    )
    const [signature] = document?.signatures?.registry ?? []
    const message = registrySignedMessage(
      'team-pdf',
      '1.0.0',
      computeIntegrity(tarball),
      document?.audit,
      signature?.signedAt,
    )
    const registryKey = keys.find((key) => key.keyId === signature?.keyId)
    expect(
      verify(
        null,
        Buffer.from(message),
        createPublicKey(registryKey?.publicKey ?? ''),
        Buffer.from(signature?.sig ?? '', 'base64'),
      ),
    ).toBe(true)
  })

  it('refuses a bundle made for another tarball, and stores nothing', async () => {
    const tarball = await packTestSkill('team-a', '1.0.0')
    const other = await packTestSkill('team-a', '1.0.0', { 'notes.md': 'other bytes\n' })
    const refused = await put(
      'team-a',
      tarball,
      await bundleFor('team-a', '1.0.0', other, aliceKey),
    )
    expect([refused.status, refused.code]).toEqual([422, 'REGISTRY_SIGNATURE_INVALID'])
    expect(await versionOf('team-a', '1.0.0')).toBeUndefined()
  })

  it('refuses a signature of 1.0.0 replayed onto 1.0.1', async () => {
    const first = await packTestSkill('team-b', '1.0.0')
    const bundle = await bundleFor('team-b', '1.0.0', first, aliceKey)
    expect((await put('team-b', first, bundle)).status).toBe(201)
    const refused = await put('team-b', await packTestSkill('team-b', '1.0.1'), bundle)
    expect([refused.status, refused.code]).toEqual([422, 'REGISTRY_SIGNATURE_INVALID'])
    expect(await versionOf('team-b', '1.0.1')).toBeUndefined()
  })

  it('refuses a valid signature by a key not allowed for that name', async () => {
    const tarball = await packTestSkill('team-c', '1.0.0')
    const refused = await put(
      'team-c',
      tarball,
      await bundleFor('team-c', '1.0.0', tarball, bobKey),
    )
    expect([refused.status, refused.code]).toEqual([422, 'REGISTRY_SIGNATURE_INVALID'])
    expect(refused.body.error?.details).toEqual({ cause: 'SIGNATURE_KEY_UNKNOWN' })
    expect(await versionOf('team-c', '1.0.0')).toBeUndefined()
  })

  it('refuses a key never registered, and a malformed header', async () => {
    const tarball = await packTestSkill('team-d', '1.0.0')
    const stranger = await bundleFor('team-d', '1.0.0', tarball, generateSigningKey())
    expect((await put('team-d', tarball, stranger)).code).toBe('REGISTRY_SIGNATURE_INVALID')
    const response = await call('/v1/skills/team-d', tokens.alice, {
      method: 'PUT',
      headers: { [signatureHeader]: 'not base64url!' },
      body: tarball,
    })
    expect(response.status).toBe(422)
    expect(await versionOf('team-d', '1.0.0')).toBeUndefined()
  })

  it('refuses an unsigned publish of a name that requires signatures, not of others', async () => {
    const refused = await put('team-e', await packTestSkill('team-e', '1.0.0'))
    expect([refused.status, refused.code]).toEqual([422, 'REGISTRY_SIGNATURE_REQUIRED'])
    expect(await versionOf('team-e', '1.0.0')).toBeUndefined()
    const open = await put(
      'other-x',
      await packTestSkill('other-x', '1.0.0'),
      undefined,
      tokens.bob,
    )
    expect(open.status).toBe(201)
    expect((await versionOf('other-x', '1.0.0'))?.signatures?.publisher).toBeUndefined()
  })

  it('revokes a key: its versions are flagged and it signs nothing new', async () => {
    const key = generateSigningKey()
    await addKey('alice', key)
    const tarball = await packTestSkill('team-f', '1.0.0')
    expect(
      (await put('team-f', tarball, await bundleFor('team-f', '1.0.0', tarball, key))).status,
    ).toBe(201)
    await versionOf('team-f', '1.0.0')
    const revoke = await call(`/v1/keys/publishers/${key.keyId}`, tokens.alice, {
      method: 'DELETE',
    })
    expect(revoke.status).toBe(200)
    expect(z.parse(publisherKeyDocumentSchema, await revoke.json()).revokedAt).not.toBeNull()
    expect((await versionOf('team-f', '1.0.0'))?.signatures?.publisher?.revoked).toBe(true)
    const next = await packTestSkill('team-f', '1.0.1')
    const refused = await put('team-f', next, await bundleFor('team-f', '1.0.1', next, key))
    expect([refused.status, refused.code]).toEqual([422, 'REGISTRY_SIGNATURE_INVALID'])
    expect(await versionOf('team-f', '1.0.1')).toBeUndefined()
  })

  it('lets a token list and revoke only its own keys', async () => {
    const mine = await call('/v1/keys/publishers', tokens.bob)
    const listed = (await mine.json()) as { keys: { owner: string }[] }
    expect(listed.keys.map((key) => key.owner)).toEqual(['bob'])
    const other = await call(`/v1/keys/publishers/${aliceKey.keyId}`, tokens.bob, {
      method: 'DELETE',
    })
    expect(other.status).toBe(404)
    expect((await versionOf('team-pdf', '1.0.0'))?.signatures?.publisher?.revoked).toBe(false)
    expect((await call('/v1/keys/publishers', tokens.admin)).status).toBe(200)
    expect((await fetch(`${server.url}/v1/keys/publishers`)).status).toBe(401)
  })
})
