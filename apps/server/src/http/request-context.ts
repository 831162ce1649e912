import { randomUUID } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { RegistryEnv } from '../app/registry-env.js'
import { readHeader } from './read-header.js'

export const acceptableRequestId = /^[\w.:-]{1,128}$/

/**
 * The request's logger: a child carrying the request id, created on first use (most requests
 * log nothing, and a pino child costs a few microseconds).
 */
export function requestLogger(c: Context<RegistryEnv>): Logger {
  const existing = c.get('logger')
  if (existing) return existing
  const child = c.get('baseLogger').child({ requestId: c.get('requestId') })
  c.set('logger', child)
  return child
}

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane, else a new UUID),
 * echoes it in the response, and a child logger carrying it (see requestLogger). Requests are logged at debug: an
 * info line per request costs more CPU than the framework (metrics cover traffic).
 */
export function requestContext(logger: Logger): MiddlewareHandler<RegistryEnv> {
  return async (c, next) => {
    const given = readHeader(c, 'x-request-id')
    const requestId = given !== undefined && acceptableRequestId.test(given) ? given : randomUUID()
    c.set('requestId', requestId)
    c.set('baseLogger', logger)
    // Set before the handler builds its Response: touching headers of a finished Response makes
    // @hono/node-server leave its fast path (about 2x the CPU per request).
    c.header('x-request-id', requestId)
    const started = performance.now()
    await next()
    if (logger.isLevelEnabled('debug')) {
      const ms = Math.round((performance.now() - started) * 10) / 10
      requestLogger(c).debug(
        { method: c.req.method, route: c.req.routePath, status: c.res.status, ms },
        'request',
      )
    }
  }
}
