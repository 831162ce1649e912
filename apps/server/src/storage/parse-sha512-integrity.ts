// Exactly one SRI token of the one algorithm we store: a sha512 digest is 64 bytes, 88 base64
// characters ending in "==". Anything else is refused before it can become a path or a key.
const sriSha512 = /^sha512-([A-Za-z0-9+/]{86}==)$/

/** The digest of a well-formed `sha512-<base64>` integrity string. */
export interface Sha512Digest {
  /** The 128 lower-case hex characters of the digest. */
  readonly hex: string
}

/**
 * Parses `integrity` strictly: `sha512-` followed by exactly 88 canonical base64 characters.
 * Throws a plain Error otherwise, because callers compute integrity themselves (a malformed key
 * is a programmer error, never user input that reaches storage).
 */
export function parseSha512Integrity(integrity: string): Sha512Digest {
  const base64 = sriSha512.exec(integrity)?.[1]
  if (base64 === undefined) throw new Error('blob key must be a sha512 SRI integrity string')
  const digest = Buffer.from(base64, 'base64')
  // Non-canonical encodings (stray low bits in the last character) would give two keys one blob.
  if (digest.length !== 64 || digest.toString('base64') !== base64) {
    throw new Error('blob key must be a canonical sha512 SRI integrity string')
  }
  return { hex: digest.toString('hex') }
}
