import { isKeyId, parsePublicKey, type TrustedKey } from '@skillship/signing'
import { fieldPath, jsonObject } from '../shared/helpers.js'
import { type TrustPolicy, trustPolicyLimits } from './trust-policy.js'

type Fail = (field: string, problem: string) => never

const namePattern = /^[a-z0-9*][a-z0-9*-]{0,213}$/

/**
 * Parses skillship.json's `trust` (undefined when absent). Strict: unknown fields, malformed
 * globs, ids that are not `sha256:<64 hex>`, ids named by `publishers` but not pinned in `keys`,
 * keys that are not ed25519 or whose computed id differs from their label, and lists over
 * `trustPolicyLimits` all fail through `fail` (INSTALL_MANIFEST_INVALID naming the field).
 */
export function parseTrustPolicy(value: unknown, fail: Fail): TrustPolicy | undefined {
  if (value === undefined) return undefined
  const fields = jsonObject(value, 'trust', fail, [
    'publishers',
    'requireSignatures',
    'registryKeys',
    'keys',
  ])
  const { record } = fields
  const require = record['requireSignatures'] ?? false
  if (typeof require !== 'boolean') fail('trust.requireSignatures', 'must be true or false')
  const registryKeys = record['registryKeys'] ?? 'ignore'
  if (registryKeys !== 'verify' && registryKeys !== 'ignore')
    fail('trust.registryKeys', 'must be "verify" or "ignore"')
  const keys = parseKeys(record['keys'], fail)
  const publishers = parsePublishers(record['publishers'], keys, fail)
  return {
    publishers,
    requireSignatures: require as boolean,
    registryKeys: registryKeys as 'verify' | 'ignore',
    keys,
  }
}

function parseKeys(value: unknown, fail: Fail): Map<string, TrustedKey> {
  const keys = new Map<string, TrustedKey>()
  if (value === undefined) return keys
  const entries = Object.entries(jsonObject(value, 'trust.keys', fail).record)
  if (entries.length > trustPolicyLimits.keys)
    fail('trust.keys', `pins more than ${trustPolicyLimits.keys} keys`)
  for (const [id, text] of entries) {
    const field = fieldPath('trust.keys', id)
    if (!isKeyId(id)) fail(field, 'is not a key id (sha256:<64 hex digits>)')
    if (typeof text !== 'string' || text.length > trustPolicyLimits.keyTextBytes)
      fail(field, 'must be an SPKI PEM or ssh-ed25519 public key line')
    const key = readKey(text as string, field, fail)
    if (key.keyId !== id) fail(field, `holds the key ${key.keyId}, not ${id}`)
    keys.set(id, key)
  }
  return keys
}

function readKey(text: string, field: string, fail: Fail): TrustedKey {
  try {
    return parsePublicKey(text)
  } catch (error) {
    // A coded SIGNATURE_KEY_INVALID: reported as this manifest field, the cause kept.
    if (!(error instanceof Error)) throw error
    return fail(field, `is not an ed25519 public key (${error.message})`)
  }
}

function parsePublishers(
  value: unknown,
  keys: ReadonlyMap<string, TrustedKey>,
  fail: Fail,
): Record<string, readonly string[]> {
  if (value === undefined) return {}
  const record = jsonObject(value, 'trust.publishers', fail).record
  const entries = Object.entries(record)
  if (entries.length > trustPolicyLimits.patterns)
    fail('trust.publishers', `has more than ${trustPolicyLimits.patterns} patterns`)
  for (const [pattern, ids] of entries) {
    const field = fieldPath('trust.publishers', pattern)
    if (!namePattern.test(pattern)) fail(field, 'is not a skill-name glob (a-z, 0-9, -, *)')
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > trustPolicyLimits.idsPerPattern)
      fail(field, `must list 1 to ${trustPolicyLimits.idsPerPattern} key ids`)
    ;(ids as unknown[]).forEach((id, index) => {
      if (typeof id !== 'string' || !keys.has(id))
        fail(`${field}[${index}]`, 'must be a key id pinned in trust.keys')
    })
  }
  return record as Record<string, readonly string[]>
}
