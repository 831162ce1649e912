import type { HttpExchange } from './http-exchange.js'

/**
 * An exchange over a fetch implementation: what callers get when they pass `fetch` (a proxy
 * dispatcher, a test double of the network). The body is read under the same timeout signal, so a
 * stalled download fails like a stalled connect.
 */
export function fetchExchange(fetchImpl: typeof fetch): HttpExchange {
  return async (url, request) => {
    const response = await fetchImpl(url, {
      method: request.method,
      headers: request.headers,
      signal: AbortSignal.timeout(request.timeoutMs),
      ...(request.body === undefined ? {} : { body: request.body }),
    })
    const body = new Uint8Array(await response.arrayBuffer())
    return { status: response.status, headers: response.headers, body }
  }
}
