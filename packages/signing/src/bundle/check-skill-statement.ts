import { SkillshipError } from '@skillship/core/errors'
import { skillDigestAlgorithm, skillDigestHex } from '../digest/skill-digest.js'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import { type SkillStatement, sriSha512Hex } from './skill-statement.js'

/** What a verified statement must be about. */
export interface ExpectedSkill {
  readonly name: string
  readonly version: string
  /** The skill digest computed from the files at hand (`skilltree-sha256:<hex>`). */
  readonly skillDigest: string
  /** The SRI sha512 of the tarball at hand, or null for a source without one (folder, git). */
  readonly integrity: string | null
}

/**
 * Throws SIGNATURE_SUBJECT_MISMATCH unless the statement's subject is exactly `name@version` with
 * the expected skill digest and, when a tarball is at hand, its sha512: a signature of 1.0.0
 * replayed onto 1.0.1, or onto another tarball or other files, fails here.
 */
export function checkSkillStatement(statement: SkillStatement, expected: ExpectedSkill): void {
  const [subject] = statement.subject
  const wanted = `${expected.name}@${expected.version}`
  if (subject.name !== wanted) throw mismatch(`is for ${subject.name}, not ${wanted}`)
  const digest = skillDigestHex(expected.skillDigest)
  if (digest === undefined || subject.digest[skillDigestAlgorithm] !== digest)
    throw mismatch(`of ${wanted} names other files (skill digest differs)`)
  if (expected.integrity === null) return
  const sha512 = sriSha512Hex(expected.integrity)
  if (sha512 === undefined || subject.digest.sha512 !== sha512)
    throw mismatch(`of ${wanted} names another tarball (sha512 differs)`)
}

function mismatch(what: string): SkillshipError {
  return new SkillshipError(SignatureErrorCode.SubjectMismatch, `The signature ${what}`, {
    hint: 'The bundle was made for another version or other content: do not trust this skill.',
  })
}
