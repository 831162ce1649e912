import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { keyIdOf } from './key-id.js'

/** A private key ready to sign, with its public half and key id. */
export interface SigningKey {
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  readonly keyId: string
}

/** A public key a verifier trusts, with its key id (computed, never taken from a file). */
export interface TrustedKey {
  readonly publicKey: KeyObject
  readonly keyId: string
}

/** A fresh ed25519 key pair from the operating system's random source. */
export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) }
}

/** The signing key of an ed25519 private key object (SIGNATURE_KEY_INVALID for any other type). */
export function signingKeyOf(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey)
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) }
}

/** The trusted key of an ed25519 public key object (SIGNATURE_KEY_INVALID for any other type). */
export function trustedKeyOf(publicKey: KeyObject): TrustedKey {
  return { publicKey, keyId: keyIdOf(publicKey) }
}

/** PEM texts of a signing key: PKCS#8 private (encrypted when `passphrase` is given), SPKI public. */
export function exportSigningKey(
  key: SigningKey,
  passphrase?: string,
): { readonly privateKeyPem: string; readonly publicKeyPem: string } {
  const privateKeyPem =
    passphrase === undefined
      ? key.privateKey.export({ format: 'pem', type: 'pkcs8' })
      : key.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase })
  return {
    privateKeyPem: String(privateKeyPem),
    publicKeyPem: String(key.publicKey.export({ format: 'pem', type: 'spki' })),
  }
}
