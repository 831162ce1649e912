import { createHash, randomBytes } from 'node:crypto'

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
export const tokenPrefix = 'sks_'

/** A new random token secret: `sks_` + 40 base62 characters (about 238 bits). */
export function generateTokenSecret(): string {
  const bytes = randomBytes(40)
  let out = tokenPrefix
  // 256 is not a multiple of 62; the bias (about 1%) does not matter at 238 bits of entropy.
  for (const byte of bytes) out += alphabet[byte % 62]
  return out
}

/** The stored form of a secret: hex SHA-256. The secret itself is never stored or logged. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
