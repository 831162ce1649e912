import { createPublicKey, verify } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core'
import {
  createRegistryClient,
  RegistryErrorCode,
  registryKeysResponseSchema,
  registrySignedMessage,
  versionDocumentSchema,
} from '@skillship/registry-client'
import { afterEach, describe, expect, it } from 'vitest'
import * as z from 'zod/v4/mini'
import { packTestSkill } from '../../test/registry-harness.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { type RunningServer, startServer } from '../app/start-server.js'
import { registryKeysFileName } from '../config/registry-keys-source.js'
import { parseServerConfig } from '../config/server-config.js'
import { newKeyringText } from './load-registry-keyring.js'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function start(env: Record<string, string> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'skillship-regsig-'))
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent', ...env },
    flags: { data: dataDir, port: '0' },
  })
  const server: RunningServer = await startServer(config)
  cleanup.push(() => server.close())
  const { token } = await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })
  return { server, dataDir, client: createRegistryClient({ registry: server.url, token }) }
}

async function registryKeys(url: string) {
  return z.parse(registryKeysResponseSchema, await (await fetch(`${url}/v1/keys`)).json())
}

async function versionDocument(url: string, name: string, version: string) {
  const skill = (await (await fetch(`${url}/v1/skills/${name}`)).json()) as {
    versions: Record<string, unknown>
  }
  return z.parse(versionDocumentSchema, skill.versions[version])
}

describe('registry signatures', () => {
  it('generates a 0600 keyring on first start, keeps it, and signs every accepted version', async () => {
    const { server, dataDir, client } = await start()
    const keyFile = join(dataDir, registryKeysFileName)
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600)
    await client.publish('hello', await packTestSkill('hello', '1.0.0'))
    const { keys } = await registryKeys(server.url)
    expect(keys).toHaveLength(1)
    const document = await versionDocument(server.url, 'hello', '1.0.0')
    const [signature] = document.signatures?.registry ?? []
    expect(signature?.keyId).toBe(keys[0]?.keyId)
    const signedAt = signature?.signedAt
    expect(Date.parse(signedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(keys[0]?.validFrom ?? ''))
    const message = registrySignedMessage(
      'hello',
      '1.0.0',
      document.dist.integrity,
      document.audit,
      signedAt,
    )
    const publicKey = createPublicKey(keys[0]?.publicKey ?? '')
    const sig = Buffer.from(signature?.sig ?? '', 'base64')
    expect(verify(null, Buffer.from(message), publicKey, sig)).toBe(true)
    // The same signature does not cover another version or another tarball.
    const other = registrySignedMessage(
      'hello',
      '1.0.1',
      document.dist.integrity,
      document.audit,
      signedAt,
    )
    expect(verify(null, Buffer.from(other), publicKey, sig)).toBe(false)
    const before = await readFile(keyFile, 'utf8')
    await server.close()
    const again = await startServer(
      parseServerConfig({
        env: { SKILLSHIP_LOG_LEVEL: 'silent' },
        flags: { data: dataDir, port: '0' },
      }),
    )
    cleanup.push(() => again.close())
    expect(await readFile(keyFile, 'utf8')).toBe(before)
    expect((await registryKeys(again.url)).keys).toEqual(keys)
  })

  it('takes a keyring from a secret, lists every key, and signs with the newest valid one', async () => {
    const old = newKeyringText(new Date('2025-01-01T00:00:00Z')).replace(
      'valid-from',
      'valid-until: 2026-01-01T00:00:00.000Z\nvalid-from',
    )
    const current = newKeyringText(new Date('2026-01-01T00:00:00Z'))
    const future = newKeyringText(new Date('2999-01-01T00:00:00Z'))
    const { server, dataDir, client } = await start({
      SKILLSHIP_REGISTRY_KEYS: `${old}\n${current}\n${future}`,
    })
    await expect(stat(join(dataDir, registryKeysFileName))).rejects.toThrow()
    const { keys } = await registryKeys(server.url)
    expect(keys.map((key) => [key.validFrom, key.validUntil])).toEqual([
      ['2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01T00:00:00.000Z', null],
      ['2999-01-01T00:00:00.000Z', null],
    ])
    await client.publish('hello', await packTestSkill('hello', '1.0.0'))
    const document = await versionDocument(server.url, 'hello', '1.0.0')
    expect(document.signatures?.registry.map((entry) => entry.keyId)).toEqual([keys[1]?.keyId])
  })

  it('reads a keyring file named by SKILLSHIP_REGISTRY_KEYS_FILE', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'skillship-regkeys-'))
    cleanup.push(() => rm(folder, { recursive: true, force: true }))
    const file = join(folder, 'keys.pem')
    await writeFile(file, newKeyringText(new Date('2026-01-01T00:00:00Z')), { mode: 0o600 })
    const { server } = await start({ SKILLSHIP_REGISTRY_KEYS_FILE: file })
    expect((await registryKeys(server.url)).keys).toHaveLength(1)
  })

  const key = () => newKeyringText(new Date('2026-01-01T00:00:00Z')).replace(/^valid-from.*\n/, '')
  it.each([
    ['no key at all', () => 'valid-from: 2026-01-01T00:00:00Z\n'],
    ['a bad time', () => `valid-from: someday\n${key()}`],
    [
      'a key that is not PKCS#8',
      () => '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
    ],
    [
      'an empty window',
      () => `valid-from: 2026-02-01T00:00:00Z\nvalid-until: 2026-01-01T00:00:00Z\n${key()}`,
    ],
    [
      'no key valid now',
      () => `valid-from: 2025-01-01T00:00:00Z\nvalid-until: 2025-06-01T00:00:00Z\n${key()}`,
    ],
    ['over the size bound', () => `${'#'.repeat(70 * 1024)}\n${key()}`],
  ])('refuses to start with %s in the keyring (REGISTRY_CONFIG_INVALID)', async (_, keyring) => {
    const code = await start({ SKILLSHIP_REGISTRY_KEYS: keyring() }).then(
      () => 'started',
      (error: unknown) => (isSkillshipError(error) ? error.code : 'other'),
    )
    expect(code).toBe(RegistryErrorCode.ConfigInvalid)
  })
})
