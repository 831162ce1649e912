import type { MiddlewareHandler } from 'hono'
import type { ServeMetrics } from './serve-metrics.js'

/** The status of a stored publish (routes/publish-route.ts). */
const published = 201

/**
 * Counts publish attempts by outcome from the answer: 201 is `ok`, anything else (401, 403, 409,
 * 413, 422, 500, ...) is `rejected`. Register it on the publish route itself, before the route:
 * `app.put('/v1/skills/:name', countPublishes(metrics))`, so the route template stays exact.
 */
export function countPublishes(metrics: ServeMetrics): MiddlewareHandler {
  return async (c, next) => {
    try {
      await next()
    } finally {
      metrics.countPublish(c.res.status === published ? 'ok' : 'rejected')
    }
  }
}
