import type { RegistryQuery } from './build-registry-url.js'
import type { AnswerHeaders } from './http-exchange.js'

export type HttpMethod = 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE'

/** One request to the registry, relative to its base URL. */
export interface RegistryRequest {
  readonly method: HttpMethod
  /** A `routes` path, starting with `/`. */
  readonly path: string
  readonly query?: RegistryQuery
  /** Sent as `application/json`. */
  readonly json?: unknown
  /** Sent as is; the content type goes in `headers`. */
  readonly bytes?: Uint8Array
  readonly headers?: Readonly<Record<string, string>>
  /**
   * Safe to send again (retried on failure): GET always; a POST that only reads, such as
   * `POST /v1/documents`, says so here.
   */
  readonly idempotent?: boolean
  /** The answer is a tarball: its body is capped at `maxTarballBytes`, not the JSON cap. */
  readonly tarball?: boolean
  /** Statuses outside 2xx that are answers rather than failures (304 of a conditional GET). */
  readonly answers?: readonly number[]
}

/** A complete answer: status, headers and the whole body. */
export interface RegistryAnswer {
  readonly method: HttpMethod
  readonly url: URL
  readonly status: number
  readonly headers: AnswerHeaders
  readonly body: Uint8Array
  readonly requestId: string | undefined
}
