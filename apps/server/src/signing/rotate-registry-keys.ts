import { randomUUID } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { SkillshipError } from '@skillship/core'
import { RegistryErrorCode, type RegistryKeyDocument } from '@skillship/registry-client'
import { exportSigningKey, generateSigningKey } from '@skillship/signing'
import type { ServerConfig } from '../config/server-config.js'
import { loadRegistryKeyring } from './load-registry-keyring.js'
import {
  maxKeyringKeys,
  parseRegistryKeyring,
  type RegistryKey,
  type RegistryKeyring,
} from './registry-keyring.js'

/** What a rotation did: the keyring file, the key it added and the windows it closed. */
export interface KeyRotation {
  readonly file: string
  readonly added: RegistryKeyDocument
  readonly closed: readonly RegistryKeyDocument[]
}

/**
 * `skillship server keys rotate` (docs/signing.md, "Rotation"): in the keyring file the server
 * reads (the data folder's, or `SKILLSHIP_REGISTRY_KEYS_FILE`), adds a new key valid from `at`
 * and ends there the window of every key still open at `at`; every key stays in the file, so
 * signatures made before `at` keep verifying. The file is replaced atomically (mode 0600).
 * REGISTRY_CONFIG_INVALID when the keyring is given as text (`SKILLSHIP_REGISTRY_KEYS`: rotate a
 * file copy and update the secret), when `at` is in the past (signatures made since by the old
 * key would fall outside its window), or when the keyring is full.
 */
export async function rotateRegistryKeys(
  config: Pick<ServerConfig, 'registryKeys'>,
  at: Date,
  now: Date = new Date(),
): Promise<KeyRotation> {
  const source = config.registryKeys
  if (source.kind === 'secret') {
    throw refused('SKILLSHIP_REGISTRY_KEYS holds the keyring itself, not a file to rotate', {
      hint: 'Write the secret to a file, rotate it with SKILLSHIP_REGISTRY_KEYS_FILE=FILE, and put the file back into the secret (docs/signing.md, "Rotation").',
    })
  }
  if (at.getTime() < now.getTime() - 1000) {
    throw refused(`--at ${at.toISOString()} is in the past`, {
      hint: 'Rotate at now or later: signatures the old key made since would fall outside its window.',
    })
  }
  const keyring = await loadRegistryKeyring(source, now)
  if (keyring.keys.length >= maxKeyringKeys) {
    throw refused(`the keyring already holds ${maxKeyringKeys} keys`, {
      hint: 'Remove keys no signature still needs (their versions re-signed by `skillship server sign` after a re-audit), then rotate.',
    })
  }
  const { keys, added, closed } = rotateKeys(keyring, at)
  const text = keyringText(keys)
  // The text must read back as the same keyring before it replaces the file.
  parseRegistryKeyring(text, source.path)
  await replaceFile(source.path, text)
  return { file: source.path, added, closed }
}

function rotateKeys(keyring: RegistryKeyring, at: Date) {
  const closed: RegistryKeyDocument[] = []
  const keys: RegistryKey[] = keyring.keys.map((entry) => {
    const open = entry.validFrom < at && (entry.validUntil === null || entry.validUntil > at)
    if (!open) return entry
    const next = { ...entry, validUntil: at }
    closed.push(documentOf(next))
    return next
  })
  const key = generateSigningKey()
  const fresh: RegistryKey = {
    key,
    publicKeyPem: exportSigningKey(key).publicKeyPem,
    validFrom: at,
    validUntil: null,
  }
  keys.push(fresh)
  return { keys, added: documentOf(fresh), closed }
}

/** The keyring file text of `keys`, each block with its window (docs/signing.md "Registry keys"). */
export function keyringText(keys: readonly RegistryKey[]): string {
  return keys
    .map((entry) => {
      const pem = String(entry.key.privateKey.export({ format: 'pem', type: 'pkcs8' }))
      const until =
        entry.validUntil === null ? '' : `valid-until: ${entry.validUntil.toISOString()}\n`
      return `valid-from: ${entry.validFrom.toISOString()}\n${until}${pem}`
    })
    .join('\n')
}

function documentOf(entry: RegistryKey): RegistryKeyDocument {
  return {
    keyId: entry.key.keyId,
    publicKey: entry.publicKeyPem,
    validFrom: entry.validFrom.toISOString(),
    validUntil: entry.validUntil === null ? null : entry.validUntil.toISOString(),
  }
}

// Written whole to a private temporary file beside the keyring, then renamed over it.
async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' })
    await rename(temporary, path)
  } finally {
    await rm(temporary, { force: true })
  }
}

function refused(problem: string, options: { hint: string }): SkillshipError {
  return new SkillshipError(
    RegistryErrorCode.ConfigInvalid,
    `Cannot rotate the registry keys: ${problem}`,
    options,
  )
}
