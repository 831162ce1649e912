import { SkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import type { ExchangeAnswer, ExchangeRequest, HttpExchange } from './http-exchange.js'
import { RegistryHttpError } from './registry-http-error.js'
import { isTimeout, isTlsFailure, toUnreachableError } from './to-unreachable-error.js'

// The transport's policy over one exchange, the same whichever exchange sends (node:http, or a
// fetch with a proxy dispatcher): redirects followed within the registry's origin only, a bounded
// number of times, never in a loop; idempotent requests retried with exponential backoff and
// jitter on network failures, 502/503/504 and 429 (Retry-After honoured up to a bound).

/** How idempotent requests are retried. */
export interface RetryPolicy {
  /** Further attempts after the first (0 turns retries off). */
  readonly retries: number
  /** Backoff before the first retry; doubled for each next one, then jittered. */
  readonly baseDelayMs: number
  /** Most backoff before one retry. */
  readonly maxDelayMs: number
  /** The longest Retry-After waited for; a longer one fails at once with the answer's error. */
  readonly maxRetryAfterMs: number
}

/** Two retries after 250 ms and 500 ms (jittered to 50-100 %), Retry-After up to 10 s. */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  retries: 2,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
})

/** The most redirects followed for one request. */
export const maxRedirects = 5

const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])
const retryStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504])

/** The answer and the URL that gave it (after redirects). */
export interface PolicyAnswer {
  readonly url: URL
  readonly answer: ExchangeAnswer
}

/** `defaultRetryPolicy` with `overrides`; REGISTRY_CONFIG_INVALID for a value out of range. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides }
  const bad = Object.entries(policy).find(
    ([name, value]) => !Number.isSafeInteger(value) || value < (name === 'retries' ? 0 : 1),
  )
  if (bad !== undefined || policy.retries > 10 || policy.maxDelayMs < policy.baseDelayMs) {
    throw new SkillshipError(
      RegistryErrorCode.ConfigInvalid,
      `Invalid retry option ${bad?.[0] ?? 'retries or maxDelayMs'}`,
      {
        hint: 'Use whole numbers: retries 0-10, delays of at least 1 ms, maxDelayMs >= baseDelayMs.',
      },
    )
  }
  return policy
}

/**
 * Sends `request` to `url` under the policy: redirects as `followRedirects` says, then, when
 * `idempotent`, up to `policy.retries` more attempts. Returns the last answer (an error status
 * included, for the caller to map); rejects with the last failure.
 */
export async function exchangeWithPolicy(
  exchange: HttpExchange,
  url: URL,
  request: ExchangeRequest,
  policy: RetryPolicy,
  idempotent: boolean,
): Promise<PolicyAnswer> {
  for (let attempt = 0; ; attempt += 1) {
    const last = !idempotent || attempt >= policy.retries
    let result: PolicyAnswer
    try {
      result = await followRedirects(exchange, url, request)
    } catch (error) {
      if (last || !isRetryableFailure(error, url)) throw error
      await delay(backoffMs(policy, attempt))
      continue
    }
    const wait = last ? undefined : retryDelayMs(result.answer, policy, attempt)
    if (wait === undefined) return result
    await delay(wait)
  }
}

async function followRedirects(
  exchange: HttpExchange,
  start: URL,
  request: ExchangeRequest,
): Promise<PolicyAnswer> {
  const visited = new Set([start.href])
  let url = start
  for (let hops = 0; ; hops += 1) {
    const answer = await exchange(url, request)
    const location = answer.headers.get('location')
    if (!redirectStatuses.has(answer.status) || location === null) return { url, answer }
    const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined
    const reason = refusal(start, next, visited, hops, request.method, answer.status)
    if (reason !== undefined || next === undefined) {
      throw redirectRefused(request, url, answer.status, next, reason ?? 'invalid-location')
    }
    visited.add(next.href)
    url = next
  }
}

function refusal(
  start: URL,
  next: URL | undefined,
  visited: ReadonlySet<string>,
  hops: number,
  method: string,
  status: number,
): string | undefined {
  if (next === undefined) return 'invalid-location'
  if (next.origin !== start.origin) return 'cross-origin'
  if (visited.has(next.href)) return 'loop'
  if (hops >= maxRedirects) return 'too-many'
  // 301/302/303 turn a request into a GET without its body; only 307/308 keep both.
  if (method !== 'GET' && status !== 307 && status !== 308) return 'method-change'
  return undefined
}

function redirectRefused(
  request: ExchangeRequest,
  url: URL,
  status: number,
  next: URL | undefined,
  reason: string,
): RegistryHttpError {
  // Another origin is named by its origin only: its path is none of the user's business.
  const target =
    next === undefined
      ? 'an invalid location'
      : next.origin === url.origin
        ? next.pathname
        : next.origin
  return new RegistryHttpError(
    RegistryErrorCode.RedirectRefused,
    `The registry at ${url.host} redirected ${request.method} ${url.pathname} to ${target}; not followed (${reason})`,
    {
      status,
      hint: 'Point the client at the final registry URL, or fix the redirect on the server or proxy.',
      details: { host: url.host, reason, ...(next === undefined ? {} : { to: next.origin }) },
    },
  )
}

function isRetryableFailure(error: unknown, url: URL): boolean {
  // A timeout already spent the whole budget; an untrusted certificate and our own refusals are
  // final.
  if (isTimeout(error) || isTlsFailure(error)) return false
  return toUnreachableError(error, url, 0)?.code === RegistryErrorCode.Unreachable
}

/** The wait before retrying `answer`, or undefined when it is final. */
function retryDelayMs(
  answer: ExchangeAnswer,
  policy: RetryPolicy,
  attempt: number,
): number | undefined {
  if (!retryStatuses.has(answer.status)) return undefined
  const retryAfter = retryAfterMs(answer.headers.get('retry-after'))
  if (retryAfter === undefined) return backoffMs(policy, attempt)
  return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; undefined when absent or invalid. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

/** Exponential backoff with equal jitter: half the step fixed, half random. */
function backoffMs(policy: RetryPolicy, attempt: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(step / 2 + Math.random() * (step / 2))
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
