// The pure API of @skillship/signing: the skill digest over file lists, ed25519 keys and key ids,
// and Sigstore bundles (DSSE over in-toto statements) signed and verified in memory.
export {
  checkSkillStatement,
  type ExpectedSkill,
} from './bundle/check-skill-statement.js'
export { inTotoPayloadType, preAuthEncoding } from './bundle/dsse.js'
export { parseSkillStatement } from './bundle/parse-statement.js'
export {
  bundleMediaType,
  maxBundleBytes,
  maxPayloadBytes,
  type ParsedBundle,
  parseSkillBundle,
  signSkillStatement,
} from './bundle/skill-bundle.js'
export {
  buildSkillStatement,
  type PublishPredicate,
  type PublishSource,
  publishPredicateType,
  type SkillStatement,
  type SkillStatementInput,
  type SkillSubject,
  sriSha512Hex,
  statementType,
} from './bundle/skill-statement.js'
export { type VerifiedSkillBundle, verifySkillBundle } from './bundle/verify-skill-bundle.js'
export {
  computeSkillDigest,
  type DigestFile,
  maxDigestFiles,
  placedMarkerFileName,
  signatureFileName,
  skillDigestAlgorithm,
  skillDigestHex,
  skillDigestManifestHeader,
} from './digest/skill-digest.js'
export { SignatureErrorCode } from './errors/signature-error-codes.js'
export { isKeyId, keyIdOf, keyIdPrefix } from './keys/key-id.js'
export { maxKeyFileBytes, parsePrivateKey, parsePublicKey } from './keys/parse-key.js'
export {
  exportSigningKey,
  generateSigningKey,
  type SigningKey,
  signingKeyOf,
  type TrustedKey,
  trustedKeyOf,
} from './keys/signing-key.js'
