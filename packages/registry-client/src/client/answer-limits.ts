import { SkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import type { AnswerHeaders } from './http-exchange.js'

/**
 * REGISTRY_RESPONSE_TOO_LARGE: the answer from `url` declared (`declared`) or sent more than
 * `maxBytes`. The message names the host only.
 */
export function answerTooLarge(url: URL, maxBytes: number, declared?: number): SkillshipError {
  return new SkillshipError(
    RegistryErrorCode.ResponseTooLarge,
    `The registry at ${url.host} sent more than ${maxBytes} bytes for ${url.pathname}`,
    {
      hint: 'The registry or something on the way sends more than any skill holds; report it to the registry operator.',
      details: { host: url.host, maxBytes, ...(declared === undefined ? {} : { declared }) },
    },
  )
}

/** Throws REGISTRY_RESPONSE_TOO_LARGE when the answer's Content-Length is over `maxBytes`. */
export function checkDeclaredLength(url: URL, headers: AnswerHeaders, maxBytes: number): void {
  const declared = Number(headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) throw answerTooLarge(url, maxBytes, declared)
}

/**
 * The body of one answer, collected chunk by chunk under a byte cap: `add` throws
 * REGISTRY_RESPONSE_TOO_LARGE as soon as the total passes `maxBytes`, so a hostile body costs at
 * most the cap in memory, whatever its framing (plain, chunked, or a lying Content-Length).
 */
export class BodyCollector {
  readonly #chunks: Uint8Array[] = []
  readonly #url: URL
  readonly #maxBytes: number
  #total = 0

  constructor(url: URL, maxBytes: number) {
    this.#url = url
    this.#maxBytes = maxBytes
  }

  add(chunk: Uint8Array): void {
    this.#total += chunk.byteLength
    if (this.#total > this.#maxBytes) {
      this.#chunks.length = 0
      throw answerTooLarge(this.#url, this.#maxBytes)
    }
    this.#chunks.push(chunk)
  }

  /** One fresh array: Buffer.concat may hand out a slice of Node's shared pool. */
  bytes(): Uint8Array {
    const body = new Uint8Array(this.#total)
    let offset = 0
    for (const chunk of this.#chunks) {
      body.set(chunk, offset)
      offset += chunk.byteLength
    }
    this.#chunks.length = 0
    return body
  }
}
