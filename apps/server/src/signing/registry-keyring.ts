import { createPrivateKey, sign } from 'node:crypto'
import { SkillshipError } from '@skillship/core'
import {
  RegistryErrorCode,
  type RegistryKeyDocument,
  type RegistrySignature,
  registrySignedMessage,
} from '@skillship/registry-client'
import { type SigningKey, signingKeyOf } from '@skillship/signing'

/** One registry key with its validity window (`validUntil` null: open). */
export interface RegistryKey {
  readonly key: SigningKey
  readonly publicKeyPem: string
  readonly validFrom: Date
  readonly validUntil: Date | null
}

/** What the registry's signature covers (wire/signature-documents.ts registrySignedMessage). */
export interface SignedVersion {
  readonly name: string
  readonly version: string
  readonly integrity: string
  readonly audit?: { readonly verdict: string; readonly rulePack: string } | null
}

/** The registry's signing keys: the documents `GET /v1/keys` serves and the signer of now. */
export interface RegistryKeyring {
  readonly keys: readonly RegistryKey[]
  documents(): RegistryKeyDocument[]
  /**
   * Signs with the newest key valid at `now`, recording `now` as the signature's `signedAt`;
   * REGISTRY_CONFIG_INVALID when no key is valid then.
   */
  sign(version: SignedVersion, now: Date): RegistrySignature
}

/** A keyring text is bounded: a few keys of about 120 bytes of PEM each. */
export const maxKeyringBytes = 64 * 1024
export const maxKeyringKeys = 32

const blockPattern = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/g
const windowLine = /^\s*(valid-from|valid-until)\s*:\s*(\S+)\s*$/gim

/**
 * Reads a keyring text (docs/signing.md "Registry keys"): one or more unencrypted PKCS#8 PEM
 * ed25519 private keys, each optionally preceded by `valid-from: <ISO time>` and
 * `valid-until: <ISO time>` lines (other text between blocks is ignored, as OpenSSL does).
 * `origin` names the variable or file in errors. Throws REGISTRY_CONFIG_INVALID on anything else.
 */
export function parseRegistryKeyring(text: string, origin: string): RegistryKeyring {
  if (Buffer.byteLength(text, 'utf8') > maxKeyringBytes)
    throw invalid(origin, `is over ${maxKeyringBytes} bytes`)
  const keys: RegistryKey[] = []
  let start = 0
  for (const match of text.matchAll(blockPattern)) {
    if (keys.length === maxKeyringKeys) throw invalid(origin, `holds over ${maxKeyringKeys} keys`)
    const window = readWindow(text.slice(start, match.index), origin)
    keys.push({ ...window, ...readKey(match[0], origin, keys.length) })
    start = match.index + match[0].length
  }
  if (keys.length === 0) throw invalid(origin, 'holds no PEM private key (BEGIN PRIVATE KEY)')
  return createKeyring(keys)
}

function readKey(pem: string, origin: string, index: number) {
  let key: SigningKey
  try {
    key = signingKeyOf(createPrivateKey({ key: pem, format: 'pem' }))
  } catch (error) {
    throw invalid(origin, `key ${index + 1} is not an ed25519 PKCS#8 private key`, error)
  }
  return { key, publicKeyPem: String(key.publicKey.export({ format: 'pem', type: 'spki' })) }
}

function readWindow(header: string, origin: string): Pick<RegistryKey, 'validFrom' | 'validUntil'> {
  let validFrom = new Date(0)
  let validUntil: Date | null = null
  for (const [, field, value] of header.matchAll(windowLine)) {
    const time = new Date(value ?? '')
    if (Number.isNaN(time.getTime())) throw invalid(origin, `${field} '${value}' is not a time`)
    if (field?.toLowerCase() === 'valid-from') validFrom = time
    else validUntil = time
  }
  if (validUntil !== null && validUntil <= validFrom)
    throw invalid(origin, 'has a key whose valid-until is not after its valid-from')
  return { validFrom, validUntil }
}

function createKeyring(keys: readonly RegistryKey[]): RegistryKeyring {
  return {
    keys,
    documents: () =>
      keys.map((entry) => ({
        keyId: entry.key.keyId,
        publicKey: entry.publicKeyPem,
        validFrom: entry.validFrom.toISOString(),
        validUntil: entry.validUntil === null ? null : entry.validUntil.toISOString(),
      })),
    sign(version, now) {
      const entry = signerAt(keys, now)
      const signedAt = now.toISOString()
      const message = registrySignedMessage(
        version.name,
        version.version,
        version.integrity,
        version.audit,
        signedAt,
      )
      const sig = sign(null, Buffer.from(message, 'utf8'), entry.key.privateKey)
      return { keyId: entry.key.keyId, sig: sig.toString('base64'), signedAt }
    },
  }
}

/** The newest key (latest `validFrom`) whose window holds `now`. */
export function signerAt(keys: readonly RegistryKey[], now: Date): RegistryKey {
  let best: RegistryKey | undefined
  for (const entry of keys) {
    const valid = entry.validFrom <= now && (entry.validUntil === null || now < entry.validUntil)
    if (valid && (best === undefined || entry.validFrom > best.validFrom)) best = entry
  }
  if (best === undefined) {
    throw new SkillshipError(
      RegistryErrorCode.ConfigInvalid,
      `No registry key is valid at ${now.toISOString()}`,
      { hint: 'Add a key whose valid-from/valid-until window holds now (docs/signing.md).' },
    )
  }
  return best
}

function invalid(origin: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(RegistryErrorCode.ConfigInvalid, `${origin} ${problem}`, {
    hint: `Fix ${origin} (docs/signing.md, "Registry keys") and start the server again.`,
    ...(cause === undefined ? {} : { cause }),
  })
}
