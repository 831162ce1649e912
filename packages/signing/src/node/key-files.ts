import { closeSync, openSync, readSync, writeFileSync } from 'node:fs'
import { SkillshipError } from '@skillship/core/errors'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import { maxKeyFileBytes, parsePrivateKey, parsePublicKey } from '../keys/parse-key.js'
import type { SigningKey, TrustedKey } from '../keys/signing-key.js'

/** Where a passphrase comes from when a key needs one: undefined when none can be had. */
export type PassphraseSource = () => Promise<string | undefined>

/**
 * The signing key in the file at `path` (PKCS#8 PEM or OpenSSH; see parsePrivateKey). An
 * encrypted key asks `passphrase` once; with no passphrase to be had it throws
 * SIGNATURE_KEY_PASSPHRASE_REQUIRED.
 */
export async function readSigningKeyFile(
  path: string,
  passphrase: PassphraseSource,
): Promise<SigningKey> {
  return signingKeyFromText(readKeyText(path), passphrase)
}

async function signingKeyFromText(text: string, passphrase: PassphraseSource): Promise<SigningKey> {
  try {
    return parsePrivateKey(text)
  } catch (error) {
    if (
      !(error instanceof SkillshipError) ||
      error.code !== SignatureErrorCode.KeyPassphraseRequired
    )
      throw error
    const given = await passphrase()
    if (given === undefined) throw error
    return parsePrivateKey(text, given)
  }
}

/**
 * The public key of the key file at `path`, private or public: a private key file (PEM or
 * OpenSSH, see readSigningKeyFile) gives its public half.
 */
export async function readAnyKeyFile(
  path: string,
  passphrase: PassphraseSource,
): Promise<{ readonly key: TrustedKey; readonly isPrivate: boolean }> {
  const text = readKeyText(path)
  if (!/PRIVATE KEY-----/.test(text)) return { key: parsePublicKey(text), isPrivate: false }
  return { key: await signingKeyFromText(text, passphrase), isPrivate: true }
}

/** The trusted public key in the file at `path` (SPKI PEM or an OpenSSH public key line). */
export function readTrustedKeyFile(path: string): TrustedKey {
  return parsePublicKey(readKeyText(path))
}

/**
 * Writes `text` to a new file `path` with `mode`, never replacing anything there
 * (SIGNATURE_KEY_EXISTS): a key file is the only copy of a key.
 */
export function writeNewKeyFile(path: string, text: string, mode: number): void {
  try {
    writeFileSync(path, text, { flag: 'wx', mode })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    throw new SkillshipError(SignatureErrorCode.KeyExists, `${path} already exists`, {
      hint: 'Choose another --out file; an existing key is never overwritten.',
      path,
      cause: error,
    })
  }
}

// Reads at most one byte past the bound, so a huge or endless file is refused without loading it.
function readKeyText(path: string): string {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SkillshipError(SignatureErrorCode.KeyNotFound, `There is no key file ${path}`, {
        hint: 'Make one with `skillship keys generate`, or name yours with --key FILE.',
        path,
        cause: error,
      })
    }
    throw new SkillshipError(SignatureErrorCode.KeyInvalid, `Cannot read the key file ${path}`, {
      hint: 'Check the path given with --key.',
      path,
      cause: error,
    })
  }
  try {
    const buffer = Buffer.alloc(maxKeyFileBytes + 1)
    let length = 0
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null)
      if (n === 0) break
      length += n
    }
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    closeSync(fd)
  }
}
