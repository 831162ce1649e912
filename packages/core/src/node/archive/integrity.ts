import { createHash, timingSafeEqual } from 'node:crypto'

// SRI (https://www.w3.org/TR/SRI/) with the one algorithm we emit: a sha512 digest is 64 bytes,
// 88 base64 characters ending in "==".
const sriSha512 = /^sha512-([A-Za-z0-9+/]{86}==)$/

/** The SRI string of `bytes`, `sha512-<base64>`, as npm lockfiles and `integrity` fields use. */
export function computeIntegrity(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`
}

/**
 * True when `integrity` is exactly one well-formed `sha512-<base64>` SRI token (no options, no
 * extra tokens, no whitespace) and matches `bytes`. Anything malformed is `false`, never a throw,
 * so a tampered lockfile reads as a mismatch.
 */
export function verifyIntegrity(bytes: Uint8Array, integrity: string): boolean {
  const match = sriSha512.exec(integrity)
  if (match?.[1] === undefined) return false
  const expected = Buffer.from(match[1], 'base64')
  const actual = createHash('sha512').update(bytes).digest()
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/** Lowercase hex SHA-256 of `bytes`: the content address of one file. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
