import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { SkillshipError } from '@skillship/core/errors'
// sshpk reads OpenSSH private keys, passphrase-protected ones included (bcrypt-pbkdf key
// derivation, aes256-ctr and the other OpenSSH ciphers), in pure JavaScript with no install
// script; it is what npm's own HTTP-signature stack uses, so it is widely exercised. ssh2's parser
// would bring an SSH client and an optional native addon; Node's crypto reads no OpenSSH format.
import sshpk from 'sshpk'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import { assertEd25519 } from './key-id.js'
import { type SigningKey, signingKeyOf, type TrustedKey, trustedKeyOf } from './signing-key.js'

/** Key files are small; anything larger is not a key. */
export const maxKeyFileBytes = 64 * 1024

const opensshPrivate = '-----BEGIN OPENSSH PRIVATE KEY-----'
const encryptedPem = '-----BEGIN ENCRYPTED PRIVATE KEY-----'

/**
 * The signing key in `text`: a PKCS#8 PEM (what `skillship keys generate` writes; encrypted ones
 * need `passphrase`) or an OpenSSH private key file (`ssh-keygen -t ed25519`, with or without a
 * passphrase). Only ed25519 keys. Throws SIGNATURE_KEY_PASSPHRASE_REQUIRED when the key is
 * encrypted and `passphrase` is undefined, SIGNATURE_KEY_PASSPHRASE_WRONG when it does not
 * decrypt the key, SIGNATURE_KEY_INVALID for anything else.
 */
export function parsePrivateKey(text: string, passphrase?: string): SigningKey {
  assertKeySize(text)
  const key = text.includes(opensshPrivate)
    ? parseOpenSshPrivate(text, passphrase)
    : parsePemPrivate(text, passphrase)
  assertEd25519(key)
  return signingKeyOf(key)
}

/**
 * The public key in `text`: an SPKI PEM (`keys generate` prints it) or an OpenSSH public key line
 * (`ssh-ed25519 AAAA... comment`). SIGNATURE_KEY_INVALID otherwise, and for any non-ed25519 key.
 */
export function parsePublicKey(text: string): TrustedKey {
  assertKeySize(text)
  let key: KeyObject
  try {
    key = text.trimStart().startsWith('ssh-')
      ? createPublicKey({ key: sshpk.parseKey(text, 'ssh').toBuffer('pkcs8'), format: 'pem' })
      : createPublicKey({ key: text, format: 'pem' })
  } catch (error) {
    throw keyInvalid('Not a PEM or OpenSSH public key', error)
  }
  assertEd25519(key)
  return trustedKeyOf(key)
}

function parsePemPrivate(text: string, passphrase: string | undefined): KeyObject {
  // Asked without a passphrase, OpenSSL reports an encrypted PKCS#8 key as "interrupted": the
  // header says it first.
  const encrypted = text.includes(encryptedPem)
  if (encrypted && passphrase === undefined) throw passphraseRequired()
  try {
    return createPrivateKey({
      key: text,
      format: 'pem',
      ...(passphrase === undefined ? {} : { passphrase }),
    })
  } catch (error) {
    if (encrypted) throw passphraseWrong(error)
    throw keyInvalid('Not a PKCS#8 PEM or OpenSSH private key', error)
  }
}

function parseOpenSshPrivate(text: string, passphrase: string | undefined): KeyObject {
  let parsed: sshpk.PrivateKey
  try {
    parsed = sshpk.parsePrivateKey(text, 'ssh', passphrase === undefined ? {} : { passphrase })
  } catch (error) {
    const name = (error as Error).name
    const message = (error as Error).message
    if (name === 'KeyEncryptedError') throw passphraseRequired(error)
    if (/incorrect passphrase/i.test(message)) throw passphraseWrong(error)
    throw keyInvalid('Not a readable OpenSSH private key', error)
  }
  if (parsed.type !== 'ed25519') throw keyInvalid(`An OpenSSH ${parsed.type} key, not ed25519`)
  const seed = partData(parsed, 'k')
  const publicRaw = partData(parsed, 'A')
  const key = createPrivateKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      d: seed.toString('base64url'),
      x: publicRaw.toString('base64url'),
    },
    format: 'jwk',
  })
  // The file's public half must be the one its seed derives: a spliced file is not a key.
  const derived = createPublicKey(key).export({ format: 'jwk' }).x
  if (derived !== publicRaw.toString('base64url'))
    throw keyInvalid('The OpenSSH key file holds a public key that does not match its private key')
  return key
}

function partData(key: sshpk.PrivateKey, name: string): Buffer {
  const data = (key.part as unknown as Record<string, { data: Buffer } | undefined>)[name]?.data
  if (data?.length !== 32)
    throw keyInvalid(`The OpenSSH ed25519 key's ${name} part is not 32 bytes`)
  return data
}

function assertKeySize(text: string): void {
  if (text.length > maxKeyFileBytes)
    throw keyInvalid(`Over ${maxKeyFileBytes} bytes: not a key file`)
}

function keyInvalid(message: string, cause?: unknown): SkillshipError {
  return new SkillshipError(SignatureErrorCode.KeyInvalid, message, {
    hint: 'Use an ed25519 key: `skillship keys generate`, or `ssh-keygen -t ed25519`.',
    ...(cause === undefined ? {} : { cause }),
  })
}

function passphraseRequired(cause?: unknown): SkillshipError {
  return new SkillshipError(
    SignatureErrorCode.KeyPassphraseRequired,
    'The private key is encrypted and no passphrase was given',
    {
      hint: 'Run on a terminal to be asked, or set SKILLSHIP_KEY_PASSPHRASE.',
      ...(cause === undefined ? {} : { cause }),
    },
  )
}

function passphraseWrong(cause: unknown): SkillshipError {
  return new SkillshipError(
    SignatureErrorCode.KeyPassphraseWrong,
    'The passphrase does not decrypt the private key',
    { hint: 'Check SKILLSHIP_KEY_PASSPHRASE or the passphrase typed.', cause },
  )
}
