import { randomUUID } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { RegistryEnv } from '../app/registry-env.js'
import { accessLogLevel } from '../logging/access-log-level.js'
import { routeTemplate } from '../metrics/route-template.js'
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

/** Options of requestContext. */
export interface RequestContextOptions {
  /** Share of requests logged at info when debug is off (SKILLSHIP_ACCESS_LOG_SAMPLE, 0..1). */
  readonly accessLogSample?: number
  /** Tests pin the sampling. */
  readonly random?: () => number
}

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane, else a new UUID),
 * echoes it in the response, and a child logger carrying it (see requestLogger). Access lines
 * (`method`, `path`, `route` template, `status`, `ms`) are written for every request at debug and
 * for a sampled share at info (see accessLogLevel): an info line per request costs more CPU than
 * the framework, and metrics count traffic.
 */
export function requestContext(
  logger: Logger,
  options: RequestContextOptions = {},
): MiddlewareHandler<RegistryEnv> {
  const sample = options.accessLogSample ?? 0
  const random = options.random ?? Math.random
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
    const level = accessLogLevel(logger, sample, random)
    if (level !== undefined) {
      const ms = Math.round((performance.now() - started) * 10) / 10
      requestLogger(c)[level](
        {
          method: c.req.method,
          path: c.req.path,
          route: routeTemplate(c),
          status: c.res.status,
          ms,
        },
        'request',
      )
    }
  }
}
