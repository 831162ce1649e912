import type { MiddlewareHandler } from 'hono'
import { routeTemplate } from './route-template.js'
import type { ServeMetrics } from './serve-metrics.js'

/**
 * Records every request's duration by method, route template and status code. Register it first
 * (`app.use('*', ...)`) so it times the whole app, errors included: the error mapper has already
 * turned a thrown error into the response by the time `next()` returns. A request a middleware
 * answered early (a 401 before the route ran) keeps the template of the route it was meant for.
 */
export function httpMetricsMiddleware(metrics: ServeMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    let status = 500
    try {
      await next()
      status = c.res.status
    } finally {
      metrics.observeRequest(
        c.req.method,
        routeTemplate(c),
        status,
        (performance.now() - started) / 1000,
      )
    }
  }
}
