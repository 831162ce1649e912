import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'

/**
 * One request header, read from Node's already-parsed `IncomingMessage` when the app runs on
 * @hono/node-server: `c.req.header()` would first build a WHATWG Headers object for the request,
 * which costs more CPU than the whole of a cached document read. Falls back to `c.req.header()`
 * elsewhere (tests calling `app.request()`).
 */
export function readHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming === undefined) return c.req.header(name)
  const value = incoming.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
