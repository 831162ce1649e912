import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'
import { afterEach, describe, expect, it } from 'vitest'
import { newKeyringText } from './load-registry-keyring.js'
import { parseRegistryKeyring } from './registry-keyring.js'
import { rotateRegistryKeys } from './rotate-registry-keys.js'

const folders: string[] = []
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

async function keyringFile(text: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'skillship-rotate-'))
  folders.push(folder)
  const path = join(folder, 'registry-keys.pem')
  await writeFile(path, text, { mode: 0o600 })
  return path
}

const now = new Date('2026-12-07T12:00:00.000Z')
const codeOf = (work: Promise<unknown>) =>
  work.then(
    () => 'done',
    (error: unknown) => (isSkillshipError(error) ? error.code : 'other'),
  )

describe('rotateRegistryKeys', () => {
  it('adds a key from `at`, ends open windows there, keeps closed ones and every key', async () => {
    const retired = newKeyringText(new Date('2025-01-01T00:00:00Z')).replace(
      'valid-from',
      'valid-until: 2026-01-01T00:00:00.000Z\nvalid-from',
    )
    const current = newKeyringText(new Date('2026-01-01T00:00:00Z'))
    const path = await keyringFile(`${retired}\n${current}`)
    const before = parseRegistryKeyring(await readFile(path, 'utf8'), path).documents()
    const at = new Date('2026-12-08T00:00:00.000Z')
    const rotation = await rotateRegistryKeys({ registryKeys: { kind: 'file', path } }, at, now)
    const after = parseRegistryKeyring(await readFile(path, 'utf8'), path).documents()
    expect(after.slice(0, 2)).toEqual([
      before[0],
      { ...before[1], validUntil: '2026-12-08T00:00:00.000Z' },
    ])
    expect(after[2]).toEqual(rotation.added)
    expect(rotation.added.validFrom).toBe('2026-12-08T00:00:00.000Z')
    expect(rotation.closed.map((key) => key.keyId)).toEqual([before[1]?.keyId])
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    // The keyring signs with the old key until `at`, with the new one from then on.
    const keyring = parseRegistryKeyring(await readFile(path, 'utf8'), path)
    const version = { name: 'pdf', version: '1.0.0', integrity: 'sha512-x', audit: null }
    expect(keyring.sign(version, now).keyId).toBe(before[1]?.keyId)
    expect(keyring.sign(version, at).keyId).toBe(rotation.added.keyId)
  })

  it('refuses a keyring given as text, and a time in the past (REGISTRY_CONFIG_INVALID)', async () => {
    const text = newKeyringText(new Date('2026-01-01T00:00:00Z'))
    const secret = { registryKeys: { kind: 'secret', text } } as const
    expect(await codeOf(rotateRegistryKeys(secret, now, now))).toBe(RegistryErrorCode.ConfigInvalid)
    const path = await keyringFile(text)
    const past = new Date('2026-12-01T00:00:00.000Z')
    const file = { registryKeys: { kind: 'file', path } } as const
    expect(await codeOf(rotateRegistryKeys(file, past, now))).toBe(RegistryErrorCode.ConfigInvalid)
    expect(await readFile(path, 'utf8')).toBe(text)
  })
})
