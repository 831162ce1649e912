import { randomUUID } from 'node:crypto'
import { link, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { SkillshipError } from '@skillship/core'
import { errnoCode } from '@skillship/core/errors'
import { RegistryErrorCode } from '@skillship/registry-client'
import { exportSigningKey, generateSigningKey } from '@skillship/signing'
import type { RegistryKeysSource } from '../config/registry-keys-source.js'
import {
  maxKeyringBytes,
  parseRegistryKeyring,
  type RegistryKeyring,
  signerAt,
} from './registry-keyring.js'

/**
 * The registry keyring from its source, refused (REGISTRY_CONFIG_INVALID) when no key is valid
 * at `now`. For the data folder's file: read it, or on first start
 * generate an ed25519 key valid from `now` into a new file of mode 0600 (a concurrent first
 * start that loses the race reads the winner's file).
 */
export async function loadRegistryKeyring(
  source: RegistryKeysSource,
  now: Date,
): Promise<RegistryKeyring> {
  const keyring = await readRegistryKeyring(source, now)
  // A registry that could not sign what it accepts must not start.
  signerAt(keyring.keys, now)
  return keyring
}

async function readRegistryKeyring(
  source: RegistryKeysSource,
  now: Date,
): Promise<RegistryKeyring> {
  if (source.kind === 'secret') return parseRegistryKeyring(source.text, 'SKILLSHIP_REGISTRY_KEYS')
  const origin = source.kind === 'file' ? 'SKILLSHIP_REGISTRY_KEYS_FILE' : source.path
  const text = await readKeyringFile(source.path, origin)
  if (text !== undefined) return parseRegistryKeyring(text, origin)
  if (source.kind === 'file') throw unreadable(origin, 'does not exist')
  await createKeyringFile(source.path, now)
  return parseRegistryKeyring((await readKeyringFile(source.path, origin)) ?? '', origin)
}

/** A new keyring text: one fresh key valid from `now`. */
export function newKeyringText(now: Date): string {
  const { privateKeyPem } = exportSigningKey(generateSigningKey())
  return `valid-from: ${now.toISOString()}\n${privateKeyPem}`
}

async function readKeyringFile(path: string, origin: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw unreadable(origin, 'cannot be opened', error)
  }
  try {
    const { size } = await handle.stat()
    if (size > maxKeyringBytes) throw unreadable(origin, `is over ${maxKeyringBytes} bytes`)
    return await readFile(handle, 'utf8')
  } finally {
    await handle.close()
  }
}

// Written whole to a private temporary file, then linked into place: link fails when the name
// exists, so two first starts never see a half-written keyring and the first one wins.
async function createKeyringFile(path: string, now: Date): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`
  try {
    await writeFile(temporary, newKeyringText(now), { mode: 0o600, flag: 'wx' })
    await link(temporary, path)
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw error
  } finally {
    await rm(temporary, { force: true })
  }
}

function unreadable(origin: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(RegistryErrorCode.ConfigInvalid, `${origin} ${problem}`, {
    hint: 'Point it at the registry keyring file (docs/signing.md, "Registry keys").',
    ...(cause === undefined ? {} : { cause }),
  })
}
