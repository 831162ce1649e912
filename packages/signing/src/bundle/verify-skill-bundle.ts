import { verify } from 'node:crypto'
import { SkillshipError } from '@skillship/core/errors'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import type { TrustedKey } from '../keys/signing-key.js'
import { preAuthEncoding } from './dsse.js'
import { parseSkillStatement } from './parse-statement.js'
import { parseSkillBundle } from './skill-bundle.js'
import type { SkillStatement } from './skill-statement.js'

/** A bundle whose signature verified with a trusted key, and the statement it signs. */
export interface VerifiedSkillBundle {
  /** The id of the trusted key that verified the signature. */
  readonly keyId: string
  readonly statement: SkillStatement
}

/**
 * Verifies bundle bytes against the keys the caller trusts: the bundle's hint only selects the
 * candidate among `trustedKeys` (by their computed ids; SIGNATURE_KEY_UNKNOWN when none has that
 * id), and that key must verify the DSSE signature (SIGNATURE_INVALID). Only then is the payload
 * read as a statement (SIGNATURE_STATEMENT_INVALID). The statement is not yet matched to any
 * skill: checkSkillStatement does that.
 */
export function verifySkillBundle(
  bytes: string | Uint8Array,
  trustedKeys: readonly TrustedKey[],
): VerifiedSkillBundle {
  const bundle = parseSkillBundle(bytes)
  const candidate = trustedKeys.find((key) => key.keyId === bundle.keyHint)
  if (candidate === undefined) {
    throw new SkillshipError(
      SignatureErrorCode.KeyUnknown,
      `The bundle is signed by key ${bundle.keyHint}, which is not trusted here`,
      {
        hint: 'Trust the publisher key, or check who signed this skill.',
        details: { keyId: bundle.keyHint },
      },
    )
  }
  const signed = preAuthEncoding(bundle.payloadType, bundle.payload)
  if (!verify(null, signed, candidate.publicKey, bundle.signature)) {
    throw new SkillshipError(
      SignatureErrorCode.Invalid,
      `The signature does not verify with key ${candidate.keyId}`,
      { hint: 'The bundle or its statement was altered, or it was signed by another key.' },
    )
  }
  return { keyId: candidate.keyId, statement: parseSkillStatement(bundle.payload) }
}
