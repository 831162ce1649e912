import { SkillshipError } from '@skillship/core/errors'
import type * as z from 'zod/v4/mini'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { maxJsonAnswerBytes, maxTarballBytes } from '../wire/routes.js'
import type { WireType } from '../wire/wire-schema.js'
import { buildRegistryUrl } from './build-registry-url.js'
import { errorFromAnswer } from './error-from-answer.js'
import { fetchExchange } from './fetch-exchange.js'
import type { ExchangeAnswer, ExchangeRequest, HttpExchange } from './http-exchange.js'
import { nodeHttpExchange } from './node-http-exchange.js'
import { parseRegistryUrl } from './parse-registry-url.js'
import { readJsonAnswer } from './read-json-answer.js'
import type { RegistryClientOptions } from './registry-client.js'
import type { RegistryAnswer, RegistryRequest } from './registry-request.js'
import { exchangeWithPolicy, type RetryPolicy, resolveRetryPolicy } from './request-policy.js'
import { toUnreachableError } from './to-unreachable-error.js'

/** Sends requests to one registry; see `createRegistryTransport`. */
export interface RegistryTransport {
  /** The complete answer when it is 2xx or one of `request.answers`; throws otherwise. */
  send(request: RegistryRequest): Promise<RegistryAnswer>
  /** `send`, then the body checked against `schema` (REGISTRY_PROTOCOL naming the bad field). */
  json<S extends z.ZodMiniType>(schema: S, request: RegistryRequest): Promise<WireType<S>>
}

interface TransportSettings {
  readonly base: URL
  readonly exchange: HttpExchange
  readonly timeoutMs: number
  readonly headers: Readonly<Record<string, string>>
  readonly maxTarballBytes: number
  readonly maxJsonBytes: number
  readonly retry: RetryPolicy
}

/** Default whole-request budget: generous for a tarball on a slow link, short enough to fail. */
export const defaultTimeoutMs = 30_000

// Header values reach the wire verbatim; a newline would split headers, and fetch's own refusal
// would quote the value (the token) in its message.
const tokenPattern = /^[\x21-\x7e]+$/
const userAgentPattern = /^[\x20-\x7e]+$/

function configError(message: string, hint: string): SkillshipError {
  return new SkillshipError(RegistryErrorCode.ConfigInvalid, message, { hint })
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw configError(`Invalid ${name} ${value}`, 'Use a positive whole number.')
  }
  return value
}

function settingsFrom(options: RegistryClientOptions): TransportSettings {
  const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? defaultTimeoutMs)
  const userAgent = options.userAgent ?? `skillship-registry-client node/${process.versions.node}`
  if (!userAgentPattern.test(userAgent)) {
    throw configError('Invalid userAgent', 'Use printable ASCII characters only.')
  }
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent }
  if (options.token !== undefined) {
    if (!tokenPattern.test(options.token)) {
      throw configError(
        'Invalid token',
        'A token is printable ASCII without spaces; copy it again.',
      )
    }
    headers['authorization'] = `Bearer ${options.token}`
  }
  const base = parseRegistryUrl(options.registry)
  const exchange = options.fetch === undefined ? nodeHttpExchange() : fetchExchange(options.fetch)
  return {
    base,
    exchange,
    timeoutMs,
    headers,
    maxTarballBytes: positiveInteger('maxTarballBytes', options.maxTarballBytes ?? maxTarballBytes),
    maxJsonBytes: positiveInteger('maxJsonBytes', options.maxJsonBytes ?? maxJsonAnswerBytes),
    retry: resolveRetryPolicy(options.retry),
  }
}

function exchangeRequest(settings: TransportSettings, request: RegistryRequest): ExchangeRequest {
  const headers: Record<string, string> = { ...settings.headers }
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = value
  }
  let body: string | Uint8Array | undefined = request.bytes
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(request.json)
  }
  const maxBodyBytes = request.tarball === true ? settings.maxTarballBytes : settings.maxJsonBytes
  return { method: request.method, headers, body, timeoutMs: settings.timeoutMs, maxBodyBytes }
}

async function send(
  settings: TransportSettings,
  request: RegistryRequest,
): Promise<RegistryAnswer> {
  const start = buildRegistryUrl(settings.base, request.path, request.query)
  const idempotent = request.method === 'GET' || request.idempotent === true
  let url: URL
  let response: ExchangeAnswer
  try {
    const outgoing = exchangeRequest(settings, request)
    ;({ url, answer: response } = await exchangeWithPolicy(
      settings.exchange,
      start,
      outgoing,
      settings.retry,
      idempotent,
    ))
  } catch (error) {
    throw toUnreachableError(error, start, settings.timeoutMs) ?? error
  }
  const requestId = response.headers.get('x-request-id') ?? undefined
  const { status, headers, body } = response
  const answer = { method: request.method, url, status, headers, body, requestId }
  const ok = status >= 200 && status < 300
  if (ok || request.answers?.includes(status) === true) return answer
  throw errorFromAnswer(answer)
}

/**
 * A transport for one registry: builds URLs under the base URL (path prefix kept), sends
 * `accept`, `user-agent` and, only when a token is set, `authorization: Bearer`, applies the
 * timeout to each exchange, reads the whole body under its cap (`maxTarballBytes` or
 * `maxJsonBytes`), follows same-origin redirects and retries idempotent requests
 * (`request-policy.ts`), and turns failures into coded errors (see `RegistryClient`). Throws
 * REGISTRY_CONFIG_INVALID for invalid options.
 */
export function createRegistryTransport(options: RegistryClientOptions): RegistryTransport {
  const settings = settingsFrom(options)
  return {
    send: (request) => send(settings, request),
    json: async (schema, request) => readJsonAnswer(schema, await send(settings, request)),
  }
}
