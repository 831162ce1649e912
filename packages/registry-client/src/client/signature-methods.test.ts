import { afterEach, describe, expect, it } from 'vitest'
import { closeFakeRegistries, fakeRegistry, sendJson } from '../../test/fake-registry.js'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import {
  maxSignatureHeaderBytes,
  type PublisherKeyDocument,
  signatureHeader,
} from '../wire/signature-documents.js'
import { createRegistryClient } from './create-registry-client.js'

afterEach(closeFakeRegistries)

const keyId = `sha256:${'ab'.repeat(32)}`
const key: PublisherKeyDocument = {
  keyId,
  publicKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n',
  owner: 'alice',
  scopes: ['publish:team-*'],
  createdAt: '2026-12-07T12:00:00.000Z',
  revokedAt: null,
}

describe('createRegistryClient: publisher keys', () => {
  it('adds, lists and revokes with the routes and bodies of the wire contract', async () => {
    const registry = await fakeRegistry((seen, response) => {
      if (seen.method === 'GET') return sendJson(response, 200, { keys: [key] })
      const revoked = seen.method === 'DELETE' ? '2026-12-07T13:00:00.000Z' : null
      sendJson(response, seen.method === 'POST' ? 201 : 200, { ...key, revokedAt: revoked })
    })
    const client = createRegistryClient({ registry: registry.url, token: 't' })
    expect(await client.addPublisherKey(key.publicKey)).toEqual(key)
    expect(await client.listPublisherKeys()).toEqual([key])
    expect((await client.revokePublisherKey(keyId)).revokedAt).toBe('2026-12-07T13:00:00.000Z')
    expect(registry.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /v1/keys/publishers',
      'GET /v1/keys/publishers',
      `DELETE /v1/keys/publishers/${encodeURIComponent(keyId)}`,
    ])
    expect(JSON.parse(registry.seen[0]?.body.toString() ?? '')).toEqual({
      publicKey: key.publicKey,
    })
  })

  it('refuses a key document outside the wire schema (REGISTRY_PROTOCOL)', async () => {
    const registry = await fakeRegistry((_seen, response) =>
      sendJson(response, 200, { keys: [{ ...key, keyId: 'md5:abc' }] }),
    )
    const client = createRegistryClient({ registry: registry.url, token: 't' })
    await expect(client.listPublisherKeys()).rejects.toMatchObject({
      code: RegistryErrorCode.Protocol,
    })
  })
})

describe('createRegistryClient: signed publish', () => {
  const publishAnswer = { name: 's', version: '1.0.0', integrity: 'x', distTags: {} }

  it('sends the bundle as unpadded base64url in the signature header', async () => {
    const registry = await fakeRegistry((_seen, response) => sendJson(response, 201, publishAnswer))
    const client = createRegistryClient({ registry: registry.url, token: 't' })
    const bundle = '{"mediaType":"é?>"}'
    await client.publish('s', new Uint8Array([1, 2, 3]), { signature: bundle })
    const header = registry.seen[0]?.headers[signatureHeader]
    expect(header).toBe(Buffer.from(bundle, 'utf8').toString('base64url'))
    expect(header).not.toMatch(/[=+/]/)
  })

  it('sends no signature header for an unsigned publish', async () => {
    const registry = await fakeRegistry((_seen, response) => sendJson(response, 201, publishAnswer))
    const client = createRegistryClient({ registry: registry.url, token: 't' })
    await client.publish('s', new Uint8Array([1]))
    expect(registry.seen[0]?.headers[signatureHeader]).toBeUndefined()
  })

  it('refuses a bundle over the header bound before sending anything', async () => {
    const registry = await fakeRegistry((_seen, response) => sendJson(response, 201, publishAnswer))
    const client = createRegistryClient({ registry: registry.url, token: 't' })
    const bundle = 'x'.repeat((maxSignatureHeaderBytes / 4) * 3 + 1)
    await expect(
      client.publish('s', new Uint8Array([1]), { signature: bundle }),
    ).rejects.toMatchObject({ code: RegistryErrorCode.SignatureInvalid })
    expect(registry.seen).toEqual([])
  })
})
