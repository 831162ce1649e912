import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { RegistryEnv } from '../app/registry-env.js'

const acceptableId = /^[\w.:-]{1,128}$/

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane, else a new UUID),
 * echoes it in the response, and a child logger carrying it. Requests are logged at debug: an
 * info line per request costs more CPU than the framework (metrics cover traffic).
 */
export function requestContext(logger: Logger): MiddlewareHandler<RegistryEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id')
    const requestId = given !== undefined && acceptableId.test(given) ? given : randomUUID()
    const child = logger.child({ requestId })
    c.set('requestId', requestId)
    c.set('logger', child)
    const started = performance.now()
    await next()
    c.header('x-request-id', requestId)
    if (child.isLevelEnabled('debug')) {
      const ms = Math.round((performance.now() - started) * 10) / 10
      child.debug(
        { method: c.req.method, route: c.req.routePath, status: c.res.status, ms },
        'request',
      )
    }
  }
}
