import { createHash, type KeyObject } from 'node:crypto'
import { SkillshipError } from '@skillship/core/errors'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'

/** Every key id starts with this: the hash that made it. */
export const keyIdPrefix = 'sha256:'
const keyIdPattern = /^sha256:[0-9a-f]{64}$/

/**
 * The key id of an ed25519 public key: `sha256:` and the lowercase hex SHA-256 of the key's DER
 * SubjectPublicKeyInfo (44 bytes for ed25519: the algorithm identifier 1.3.101.112, then the raw
 * 32-byte key), the same bytes `openssl pkey -pubin -outform DER` writes. The SPKI rather than the
 * raw 32 bytes: the algorithm is part of what is hashed, so no other key type can share an id.
 */
export function keyIdOf(publicKey: KeyObject): string {
  assertEd25519(publicKey)
  const der = publicKey.export({ format: 'der', type: 'spki' })
  return `${keyIdPrefix}${createHash('sha256').update(der).digest('hex')}`
}

/** True when `value` has the shape of a key id. */
export function isKeyId(value: string): boolean {
  return keyIdPattern.test(value)
}

/** Throws SIGNATURE_KEY_INVALID unless `key` is an ed25519 key (public or private). */
export function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SkillshipError(
      SignatureErrorCode.KeyInvalid,
      `Only ed25519 keys sign skills, not ${key.asymmetricKeyType ?? key.type}`,
      { hint: 'Create one with `skillship keys generate` or `ssh-keygen -t ed25519`.' },
    )
  }
}
