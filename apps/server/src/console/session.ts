import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { RegistryEnv } from '../app/registry-env.js'
import { hashTokenSecret } from '../auth/token-secret.js'
import type { MetadataStore } from '../storage/metadata-store.js'

/**
 * A console session is the registry token the user signed in with, kept in an HttpOnly,
 * SameSite=Strict cookie (Secure over TLS). Every request looks the token up in token storage, as
 * the API does for a Bearer header, so scopes are exactly the API's and revoking the token ends
 * the session on every replica at once. No server-side session state exists.
 */
export const sessionCookie = 'skillship_session'
/** The anonymous double-submit CSRF cookie, used by the sign-in form only. */
export const preSessionCookie = 'skillship_csrf'
export const sessionMaxAgeSeconds = 8 * 60 * 60
const maxSecretLength = 200

/** Who is signed in: the token's secret (sent as Bearer to the API in process) and its facts. */
export interface ConsoleSession {
  readonly secret: string
  readonly tokenName: string
  readonly scopes: readonly string[]
  /** HMAC of the token's stored hash: stable for the token, the same on every replica. */
  readonly csrf: string
}

/** Options that decide cookie flags. */
export interface SessionOptions {
  /** Trust `X-Forwarded-Proto` from a TLS-terminating proxy (SKILLSHIP_TRUST_PROXY). */
  readonly trustProxy: boolean
}

/** True when the browser reached us over TLS (directly, or through a trusted proxy). */
export function isSecureRequest(c: Context<RegistryEnv>, options: SessionOptions): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  if (!options.trustProxy) return false
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  return forwarded === 'https'
}

/** Reads and checks the session cookie; a revoked or unknown token clears it (anonymous then). */
export async function readSession(
  c: Context<RegistryEnv>,
  metadata: MetadataStore,
): Promise<ConsoleSession | undefined> {
  const secret = getCookie(c, sessionCookie)
  if (secret === undefined) return undefined
  const token = isPlausibleSecret(secret)
    ? await metadata.findTokenByHash(hashTokenSecret(secret))
    : undefined
  if (token === undefined) {
    deleteCookie(c, sessionCookie, { path: '/' })
    return undefined
  }
  return { secret, tokenName: token.name, scopes: token.scopes, csrf: csrfFor(token.hash) }
}

/** A registry token's secret as a user may paste it: printable ASCII, bounded. */
export function isPlausibleSecret(secret: string): boolean {
  return secret.length > 0 && secret.length <= maxSecretLength && /^[\x21-\x7e]+$/.test(secret)
}

/** Sets the session cookie for a token already checked against storage. */
export function startSession(c: Context<RegistryEnv>, secret: string, options: SessionOptions) {
  setCookie(c, sessionCookie, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecureRequest(c, options),
    maxAge: sessionMaxAgeSeconds,
  })
}

export function endSession(c: Context<RegistryEnv>): void {
  deleteCookie(c, sessionCookie, { path: '/' })
}

function csrfFor(tokenHash: string): string {
  return createHmac('sha256', tokenHash).update('skillship-console-csrf-v1').digest('base64url')
}

/** The anonymous CSRF value for the sign-in form: the cookie's, or a new one set now. */
export function preSessionCsrf(c: Context<RegistryEnv>, options: SessionOptions): string {
  const existing = getCookie(c, preSessionCookie)
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing
  const value = randomBytes(32).toString('base64url')
  setCookie(c, preSessionCookie, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecureRequest(c, options),
  })
  return value
}

/** Constant-time comparison of a submitted CSRF value with the expected one. */
export function csrfMatches(expected: string | undefined, submitted: unknown): boolean {
  if (expected === undefined || typeof submitted !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(submitted)
  return a.length === b.length && timingSafeEqual(a, b)
}
