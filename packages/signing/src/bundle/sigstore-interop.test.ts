// Interop with an independent implementation: the Sigstore JavaScript libraries (the line that
// supports Node 20: @sigstore/verify 3.x, @sigstore/sign 4.x, @sigstore/bundle 4.x).
import { sign } from 'node:crypto'
import { bundleFromJSON, bundleToJSON } from '@sigstore/bundle'
import { DSSEBundleBuilder, type Signer } from '@sigstore/sign'
import { toSignedEntity } from '@sigstore/verify'
import { describe, expect, it } from 'vitest'
import { codeOf } from '../../test/code-of.js'
import { sigstoreVerifierTrusting } from '../../test/sigstore-verifier.js'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import { generateSigningKey, type SigningKey, trustedKeyOf } from '../keys/signing-key.js'
import { checkSkillStatement } from './check-skill-statement.js'
import { inTotoPayloadType } from './dsse.js'
import { signSkillStatement } from './skill-bundle.js'
import { buildSkillStatement } from './skill-statement.js'
import { verifySkillBundle } from './verify-skill-bundle.js'

const publisher = generateSigningKey()
const skillDigest = `skilltree-sha256:${'5'.repeat(64)}`
const integrity = `sha512-${Buffer.alloc(64, 7).toString('base64')}`
const statement = buildSkillStatement({
  name: 'hello',
  version: '1.0.0',
  skillDigest,
  integrity,
  publisher: 'acme',
  publishedAt: new Date('2026-12-07T12:00:00Z'),
})

function sigstoreVerify(bundleText: string, key: SigningKey): void {
  const bundle = bundleFromJSON(JSON.parse(bundleText))
  sigstoreVerifierTrusting(key).verify(toSignedEntity(bundle))
}

// @sigstore/sign's Signer port backed by our key: it signs what the DSSE builder hands it (the
// pre-authentication encoding) and names the key by its id.
function signerFor(key: SigningKey): Signer {
  const publicKey = String(key.publicKey.export({ format: 'pem', type: 'spki' }))
  return {
    sign: async (data) => ({
      signature: sign(null, data, key.privateKey),
      key: { $case: 'publicKey', publicKey, hint: key.keyId },
    }),
  }
}

describe('Sigstore interop', () => {
  it('bundles made here verify with @sigstore/verify', () => {
    const bundle = signSkillStatement(statement, publisher)
    expect(() => sigstoreVerify(bundle, publisher)).not.toThrow()
  })

  it('@sigstore/verify refuses a bundle made here once its statement changes, or under another key', () => {
    const doc = JSON.parse(signSkillStatement(statement, publisher))
    const payload = Buffer.from(doc.dsseEnvelope.payload, 'base64')
    doc.dsseEnvelope.payload = Buffer.from(payload.toString().replace('1.0.0', '1.0.1')).toString(
      'base64',
    )
    expect(() => sigstoreVerify(JSON.stringify(doc), publisher)).toThrow(
      /signature verification failed/,
    )
    const other = generateSigningKey()
    const underOther = signSkillStatement(statement, other)
    expect(() => sigstoreVerify(underOther, publisher)).toThrow(/untrusted key/)
  })

  it("bundles from @sigstore/sign's DSSE bundle builder with the same key verify here", async () => {
    const builder = new DSSEBundleBuilder({ signer: signerFor(publisher), witnesses: [] })
    const made = await builder.create({
      data: Buffer.from(JSON.stringify(statement)),
      type: inTotoPayloadType,
    })
    const text = JSON.stringify(bundleToJSON(made))
    const verified = verifySkillBundle(text, [trustedKeyOf(publisher.publicKey)])
    expect(verified.keyId).toBe(publisher.keyId)
    expect(verified.statement).toEqual(statement)
    expect(() =>
      checkSkillStatement(verified.statement, {
        name: 'hello',
        version: '1.0.0',
        skillDigest,
        integrity,
      }),
    ).not.toThrow()
  })

  it("refuses a @sigstore/sign bundle signed by another key that claims the publisher's hint", async () => {
    const mallory = generateSigningKey()
    const lying: Signer = {
      sign: async (data) => ({
        ...(await signerFor(mallory).sign(data)),
        key: { $case: 'publicKey', publicKey: '', hint: publisher.keyId },
      }),
    }
    const made = await new DSSEBundleBuilder({ signer: lying, witnesses: [] }).create({
      data: Buffer.from(JSON.stringify(statement)),
      type: inTotoPayloadType,
    })
    const text = JSON.stringify(bundleToJSON(made))
    expect(codeOf(() => verifySkillBundle(text, [trustedKeyOf(publisher.publicKey)]))).toBe(
      SignatureErrorCode.Invalid,
    )
  })
})
