import { sign } from 'node:crypto'
import { registrySignedMessage, type VersionDocument } from '@skillship/registry-client'
import { generateSigningKey } from '@skillship/signing'
import { describe, expect, it } from 'vitest'
import { codeOf } from '../../test/sources/expect-code.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { checkRegistrySignatures, type RegistryTrustedKey } from './registry-signatures.js'

const integrity = `sha512-${'A'.repeat(86)}==`
const audit = { verdict: 'pass', rulePack: '2026.12.0' } as const
const rotatedAt = Date.parse('2026-06-01T00:00:00.000Z')
const oldKey = generateSigningKey()
const newKey = generateSigningKey()
// A rotation: the old key signed until rotatedAt, the new one from then on.
const keys = new Map<string, RegistryTrustedKey>([
  [oldKey.keyId, { ...oldKey, validFrom: 0, validUntil: rotatedAt }],
  [newKey.keyId, { ...newKey, validFrom: rotatedAt, validUntil: null }],
])

function version(key: typeof oldKey, signedAt: string | undefined, told = signedAt) {
  const text = registrySignedMessage('pdf', '1.0.0', integrity, audit, signedAt)
  const sig = sign(null, Buffer.from(text), key.privateKey).toString('base64')
  const document: VersionDocument = {
    name: 'pdf',
    version: '1.0.0',
    description: 'pdf',
    frontmatter: {},
    dist: { tarball: '/t.tgz', integrity, size: 1, unpackedSize: 1, fileCount: 1 },
    files: [],
    publishedAt: '2026-01-01T00:00:00.000Z',
    publisher: 'ci',
    yanked: false,
    audit: { ...audit, findings: {}, incomplete: false, auditedAt: '2026-01-01T00:00:00.000Z' },
    signatures: {
      registry: [{ keyId: key.keyId, sig, ...(told === undefined ? {} : { signedAt: told }) }],
    },
  }
  return document
}

const check = (document: VersionDocument) =>
  codeOf(Promise.resolve().then(() => checkRegistrySignatures(document, integrity, keys)))

describe('registry signatures and key validity windows', () => {
  it('accepts signatures made inside the signing key window, old keys included', () => {
    const accepted = (document: VersionDocument) => () =>
      checkRegistrySignatures(document, integrity, keys)
    expect(accepted(version(oldKey, '2026-05-31T23:59:59.000Z'))).not.toThrow()
    expect(accepted(version(newKey, '2026-06-01T00:00:00.000Z'))).not.toThrow()
    // Signed before signedAt existed: the version's publishedAt stands in.
    expect(accepted(version(oldKey, undefined))).not.toThrow()
  })

  it('refuses a signature by a key outside its window, and a signedAt moved into it', async () => {
    expect(await check(version(oldKey, '2026-06-01T00:00:00.000Z'))).toBe(
      InstallErrorCode.SignatureRegistryInvalid,
    )
    expect(await check(version(newKey, '2026-05-01T00:00:00.000Z'))).toBe(
      InstallErrorCode.SignatureRegistryInvalid,
    )
    expect(await check(version(newKey, undefined))).toBe(InstallErrorCode.SignatureRegistryInvalid)
    // The time is signed: a document that claims an earlier signedAt does not verify.
    const moved = version(oldKey, '2026-07-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z')
    expect(await check(moved)).toBe(InstallErrorCode.SignatureRegistryInvalid)
  })
})
