import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { codeOf } from '../../test/code-of.js'
import { signSkillStatement } from '../bundle/skill-bundle.js'
import { buildSkillStatement } from '../bundle/skill-statement.js'
import { verifySkillBundle } from '../bundle/verify-skill-bundle.js'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import { maxKeyFileBytes, parsePrivateKey, parsePublicKey } from './parse-key.js'
import { exportSigningKey, generateSigningKey } from './signing-key.js'

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')
const pinned = JSON.parse(fixture('key-ids.json')) as {
  passphrase: string
  keyIds: Record<string, string>
}

describe('key import', () => {
  it('reads an OpenSSH ed25519 key; its id is the pinned SPKI hash, the same from its .pub line', () => {
    const key = parsePrivateKey(fixture('openssh-ed25519'))
    expect(key.keyId).toBe(pinned.keyIds['openssh-ed25519'])
    expect(parsePublicKey(fixture('openssh-ed25519.pub')).keyId).toBe(key.keyId)
  })

  it('reads a passphrase-protected OpenSSH key (bcrypt-pbkdf, aes256-ctr) with its passphrase only', () => {
    const text = fixture('openssh-ed25519-encrypted')
    expect(codeOf(() => parsePrivateKey(text))).toBe(SignatureErrorCode.KeyPassphraseRequired)
    expect(codeOf(() => parsePrivateKey(text, 'wrong horse'))).toBe(
      SignatureErrorCode.KeyPassphraseWrong,
    )
    const key = parsePrivateKey(text, pinned.passphrase)
    expect(key.keyId).toBe(pinned.keyIds['openssh-ed25519-encrypted'])
  })

  it('signs with an imported OpenSSH key what its public key line verifies', () => {
    const key = parsePrivateKey(fixture('openssh-ed25519-encrypted'), pinned.passphrase)
    const statement = buildSkillStatement({
      name: 'hello',
      version: '1.0.0',
      skillDigest: `skilltree-sha256:${'0'.repeat(64)}`,
      integrity: `sha512-${Buffer.alloc(64).toString('base64')}`,
      publisher: 'acme',
      publishedAt: new Date(0),
    })
    const trusted = [parsePublicKey(fixture('openssh-ed25519-encrypted.pub'))]
    expect(verifySkillBundle(signSkillStatement(statement, key), trusted).keyId).toBe(key.keyId)
  })

  it('round-trips generated keys through PEM, encrypted ones with their passphrase only', () => {
    const key = generateSigningKey()
    const plain = exportSigningKey(key)
    expect(parsePrivateKey(plain.privateKeyPem).keyId).toBe(key.keyId)
    expect(parsePublicKey(plain.publicKeyPem).keyId).toBe(key.keyId)
    const sealed = exportSigningKey(key, 'pass phrase').privateKeyPem
    expect(codeOf(() => parsePrivateKey(sealed))).toBe(SignatureErrorCode.KeyPassphraseRequired)
    expect(codeOf(() => parsePrivateKey(sealed, 'other'))).toBe(
      SignatureErrorCode.KeyPassphraseWrong,
    )
    expect(parsePrivateKey(sealed, 'pass phrase').keyId).toBe(key.keyId)
  })

  it.each([
    ['an OpenSSH RSA key', () => parsePrivateKey(fixture('openssh-rsa'))],
    ['a truncated OpenSSH key', () => parsePrivateKey(fixture('openssh-ed25519').slice(0, 200))],
    ['text that is no key', () => parsePrivateKey('hello')],
    ['a public key that is no key', () => parsePublicKey('ssh-ed25519 AAAA')],
    ['a file over the size bound', () => parsePrivateKey('x'.repeat(maxKeyFileBytes + 1))],
  ])('refuses %s', (_what, run) => {
    expect(codeOf(run)).toBe(SignatureErrorCode.KeyInvalid)
  })
})
