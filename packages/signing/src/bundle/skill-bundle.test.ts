import { sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { codeOf } from '../../test/code-of.js'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import { generateSigningKey, trustedKeyOf } from '../keys/signing-key.js'
import { checkSkillStatement, type ExpectedSkill } from './check-skill-statement.js'
import { preAuthEncoding } from './dsse.js'
import { maxBundleBytes, signSkillStatement } from './skill-bundle.js'
import { buildSkillStatement } from './skill-statement.js'
import { verifySkillBundle } from './verify-skill-bundle.js'

const digestA = `skilltree-sha256:${'a'.repeat(64)}`
const digestB = `skilltree-sha256:${'b'.repeat(64)}`
const integrityA = `sha512-${Buffer.alloc(64, 1).toString('base64')}`
const integrityB = `sha512-${Buffer.alloc(64, 2).toString('base64')}`
const publisher = generateSigningKey()
const trusted = [trustedKeyOf(publisher.publicKey)]

function statementFor(version: string, skillDigest = digestA, integrity = integrityA) {
  return buildSkillStatement({
    name: 'hello',
    version,
    skillDigest,
    integrity,
    publisher: 'acme',
    publishedAt: new Date('2026-12-07T12:00:00Z'),
    source: { repository: 'https://git.example.test/acme/hello.git', commit: 'c'.repeat(40) },
  })
}
const expected: ExpectedSkill = {
  name: 'hello',
  version: '1.0.0',
  skillDigest: digestA,
  integrity: integrityA,
}

// biome-ignore lint/suspicious/noExplicitAny: the tests rewrite parsed bundle JSON at any depth
type Mutable = Record<string, any>
function edit(bundle: string, change: (doc: Mutable) => void): string {
  const doc = JSON.parse(bundle) as Mutable
  change(doc)
  return JSON.stringify(doc)
}
// Re-signs an edited payload with `key`, so only the check under test can refuse it.
function resign(bundle: string, payload: unknown, key = publisher): string {
  const bytes = Buffer.from(JSON.stringify(payload))
  const sig = sign(null, preAuthEncoding('application/vnd.in-toto+json', bytes), key.privateKey)
  return edit(bundle, (doc) => {
    doc['dsseEnvelope'].payload = bytes.toString('base64')
    doc['dsseEnvelope'].signatures[0].sig = sig.toString('base64')
  })
}

describe('skill bundles', () => {
  const bundle = signSkillStatement(statementFor('1.0.0'), publisher)

  it('round-trips: signed, verified with the trusted key, subject matched', () => {
    const verified = verifySkillBundle(bundle, trusted)
    expect(verified.keyId).toBe(publisher.keyId)
    expect(verified.statement).toEqual(statementFor('1.0.0'))
    expect(() => checkSkillStatement(verified.statement, expected)).not.toThrow()
  })

  it('refuses a bundle whose hint names no trusted key', () => {
    const other = [trustedKeyOf(generateSigningKey().publicKey)]
    expect(codeOf(() => verifySkillBundle(bundle, other))).toBe(SignatureErrorCode.KeyUnknown)
  })

  it('refuses a bundle whose hint is rewritten to a trusted key it was not signed with', () => {
    const mallory = generateSigningKey()
    const forged = signSkillStatement(statementFor('1.0.0'), mallory)
    const hinted = edit(forged, (doc) => {
      doc['verificationMaterial'].publicKey.hint = publisher.keyId
      doc['dsseEnvelope'].signatures[0].keyid = publisher.keyId
    })
    expect(codeOf(() => verifySkillBundle(hinted, trusted))).toBe(SignatureErrorCode.Invalid)
  })

  it('refuses a flipped byte in the statement or in the signature', () => {
    const payload = edit(bundle, (doc) => {
      const bytes = Buffer.from(doc['dsseEnvelope'].payload, 'base64')
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 1, bytes.length - 3)
      doc['dsseEnvelope'].payload = bytes.toString('base64')
    })
    const sig = edit(bundle, (doc) => {
      const bytes = Buffer.from(doc['dsseEnvelope'].signatures[0].sig, 'base64')
      bytes.writeUInt8(bytes.readUInt8(0) ^ 1, 0)
      doc['dsseEnvelope'].signatures[0].sig = bytes.toString('base64')
    })
    expect(codeOf(() => verifySkillBundle(payload, trusted))).toBe(SignatureErrorCode.Invalid)
    expect(codeOf(() => verifySkillBundle(sig, trusted))).toBe(SignatureErrorCode.Invalid)
  })

  it('refuses a signature of 1.0.0 replayed onto 1.0.1, other files or another tarball', () => {
    const { statement } = verifySkillBundle(bundle, trusted)
    const check = (e: ExpectedSkill) => codeOf(() => checkSkillStatement(statement, e))
    expect(check({ ...expected, version: '1.0.1' })).toBe(SignatureErrorCode.SubjectMismatch)
    expect(check({ ...expected, name: 'hello2' })).toBe(SignatureErrorCode.SubjectMismatch)
    expect(check({ ...expected, skillDigest: digestB })).toBe(SignatureErrorCode.SubjectMismatch)
    expect(check({ ...expected, integrity: integrityB })).toBe(SignatureErrorCode.SubjectMismatch)
    expect(check({ ...expected, integrity: null })).toBeUndefined()
  })

  it.each<[string, (doc: Mutable) => void]>([
    [
      'another media type',
      (d) => {
        d['mediaType'] = 'application/vnd.dev.sigstore.bundle+json;version=0.2'
      },
    ],
    [
      'an unknown top-level field',
      (d) => {
        d['extra'] = 1
      },
    ],
    [
      'a message signature instead of DSSE',
      (d) => {
        d['messageSignature'] = d['dsseEnvelope']
        delete d['dsseEnvelope']
      },
    ],
    [
      'a certificate instead of a key hint',
      (d) => {
        d['verificationMaterial'] = { certificate: { rawBytes: 'AAAA' } }
      },
    ],
    [
      'a transparency-log entry',
      (d) => {
        d['verificationMaterial'].tlogEntries = [{}]
      },
    ],
    [
      'a timestamp',
      (d) => {
        d['verificationMaterial'].timestampVerificationData.rfc3161Timestamps = [{}]
      },
    ],
    [
      'another payload type',
      (d) => {
        d['dsseEnvelope'].payloadType = 'text/plain'
      },
    ],
    [
      'two signatures',
      (d) => {
        d['dsseEnvelope'].signatures.push(d['dsseEnvelope'].signatures[0])
      },
    ],
    [
      'no signature',
      (d) => {
        d['dsseEnvelope'].signatures = []
      },
    ],
    [
      'a truncated signature',
      (d) => {
        d['dsseEnvelope'].signatures[0].sig = 'AAAA'
      },
    ],
    [
      'base64url in the payload',
      (d) => {
        d['dsseEnvelope'].payload =
          `${d['dsseEnvelope'].payload.replace(/\+/g, '-').replace(/\//g, '_')}-`
      },
    ],
    [
      'a signature keyid other than the hint',
      (d) => {
        d['dsseEnvelope'].signatures[0].keyid = 'sha256:other'
      },
    ],
    [
      'a hint that is not a string',
      (d) => {
        d['verificationMaterial'].publicKey.hint = 7
      },
    ],
  ])('refuses %s as an invalid bundle', (_what, change) => {
    expect(codeOf(() => verifySkillBundle(edit(bundle, change), trusted))).toBe(
      SignatureErrorCode.BundleInvalid,
    )
  })

  it('refuses a bundle over the size bound, and bytes that are not JSON', () => {
    const huge = bundle.replace('{', `{"pad":"${'x'.repeat(maxBundleBytes)}",`)
    expect(codeOf(() => verifySkillBundle(huge, trusted))).toBe(SignatureErrorCode.BundleInvalid)
    expect(codeOf(() => verifySkillBundle(new Uint8Array([0xff, 0xfe]), trusted))).toBe(
      SignatureErrorCode.BundleInvalid,
    )
  })

  it.each<[string, (s: Mutable) => void]>([
    [
      'an unknown statement field',
      (s) => {
        s['extra'] = true
      },
    ],
    [
      'another predicate type',
      (s) => {
        s['predicateType'] = 'https://slsa.dev/provenance/v1'
      },
    ],
    [
      'two subjects',
      (s) => {
        s['subject'].push(s['subject'][0])
      },
    ],
    [
      'a subject without a version',
      (s) => {
        s['subject'][0].name = 'hello'
      },
    ],
    [
      'a missing skill digest',
      (s) => {
        delete s['subject'][0].digest['skilltree-sha256']
      },
    ],
    [
      'an extra digest algorithm',
      (s) => {
        s['subject'][0].digest.sha1 = 'a'.repeat(40)
      },
    ],
    [
      'a bad commit id',
      (s) => {
        s['predicate'].source.commit = 'main'
      },
    ],
    [
      'a time that is not ISO UTC',
      (s) => {
        s['predicate'].publishedAt = 'yesterday'
      },
    ],
  ])('refuses a signed statement with %s', (_what, change) => {
    const statement = JSON.parse(JSON.stringify(statementFor('1.0.0'))) as Mutable
    change(statement)
    expect(codeOf(() => verifySkillBundle(resign(bundle, statement), trusted))).toBe(
      SignatureErrorCode.StatementInvalid,
    )
  })
})
