/**
 * Error codes of the signature family (docs/errors.md): the skill digest, publisher keys and
 * Sigstore bundles. Never rename a code: add a new one.
 */
export const SignatureErrorCode = {
  /** A file list handed to the skill digest is malformed (path, sha256, mode, duplicate, count). */
  DigestInputInvalid: 'SIGNATURE_DIGEST_INPUT_INVALID',
  /** The bundle is not the accepted Sigstore v0.3 DSSE shape, or is over the size bound. */
  BundleInvalid: 'SIGNATURE_BUNDLE_INVALID',
  /** The bundle's key hint names none of the keys the caller trusts. */
  KeyUnknown: 'SIGNATURE_KEY_UNKNOWN',
  /** The signature does not verify with the trusted key the hint selected. */
  Invalid: 'SIGNATURE_INVALID',
  /** The signed payload is not an in-toto Statement v1 with skillship's publish predicate. */
  StatementInvalid: 'SIGNATURE_STATEMENT_INVALID',
  /** The verified statement is about another name, version, skill digest or tarball. */
  SubjectMismatch: 'SIGNATURE_SUBJECT_MISMATCH',
  /** A key file cannot be read as an ed25519 key (PKCS#8/SPKI PEM, OpenSSH). */
  KeyInvalid: 'SIGNATURE_KEY_INVALID',
  /** The private key is encrypted and no passphrase was given (no TTY, no environment variable). */
  KeyPassphraseRequired: 'SIGNATURE_KEY_PASSPHRASE_REQUIRED',
  /** The passphrase does not decrypt the private key. */
  KeyPassphraseWrong: 'SIGNATURE_KEY_PASSPHRASE_WRONG',
  /** The key file does not exist (`publish --sign`, `keys add|show` with no such file). */
  KeyNotFound: 'SIGNATURE_KEY_NOT_FOUND',
  /** `keys generate --out FILE`: FILE exists; a key is never overwritten. */
  KeyExists: 'SIGNATURE_KEY_EXISTS',
} as const

export type SignatureErrorCode = (typeof SignatureErrorCode)[keyof typeof SignatureErrorCode]
