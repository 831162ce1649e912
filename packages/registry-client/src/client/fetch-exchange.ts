import { isSkillshipError } from '@skillship/core/errors'
import { BodyCollector, checkDeclaredLength } from './answer-limits.js'
import type { HttpExchange } from './http-exchange.js'

/**
 * An exchange over a fetch implementation: what callers get when they pass `fetch` (a proxy
 * dispatcher, an instrumented fetch). Redirects are handed back (`redirect: 'manual'`) so the
 * transport applies one redirect policy whatever the exchange; the body is read under the same
 * timeout signal and the same byte cap as node:http's.
 */
export function fetchExchange(fetchImpl: typeof fetch): HttpExchange {
  return async (url, request) => {
    const response = await fetchImpl(url, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      ...(request.body === undefined ? {} : { body: request.body }),
    })
    const { status, headers } = response
    const collector = new BodyCollector(url, request.maxBodyBytes)
    if (response.body === null) return { status, headers, body: collector.bytes() }
    const reader = response.body.getReader()
    try {
      checkDeclaredLength(url, headers, request.maxBodyBytes)
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        collector.add(read.value)
      }
    } catch (error) {
      // Our own refusal leaves the stream open: cancel it so the connection stops reading.
      if (isSkillshipError(error)) await reader.cancel()
      throw error
    }
    return { status, headers, body: collector.bytes() }
  }
}
