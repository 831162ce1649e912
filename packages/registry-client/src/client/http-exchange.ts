import type { HttpMethod } from './registry-request.js'

/** One HTTP request as the transport sends it: absolute URL, final headers, whole body. */
export interface ExchangeRequest {
  readonly method: HttpMethod
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | Uint8Array | undefined
  /** Budget for the whole exchange (connect, answer, body). */
  readonly timeoutMs: number
  /** Most answer body bytes; more is REGISTRY_RESPONSE_TOO_LARGE, thrown as soon as they pass it. */
  readonly maxBodyBytes: number
}

/** Answer headers, looked up case-insensitively. */
export interface AnswerHeaders {
  get(name: string): string | null
}

/** A complete answer with the whole body read. */
export interface ExchangeAnswer {
  readonly status: number
  readonly headers: AnswerHeaders
  readonly body: Uint8Array
}

/**
 * Sends one request and reads the whole answer, following no redirect. Rejects with
 * REGISTRY_RESPONSE_TOO_LARGE for a body over `maxBodyBytes`, and otherwise with what the
 * underlying client throws for a missing answer (a system error with a network code, a fetch
 * `TypeError`, or a `TimeoutError` DOMException when the budget ran out); `toUnreachableError`
 * maps those.
 */
export type HttpExchange = (url: URL, request: ExchangeRequest) => Promise<ExchangeAnswer>
