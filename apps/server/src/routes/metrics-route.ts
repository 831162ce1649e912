import type { Hono } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'
import type { ServeMetrics } from '../metrics/serve-metrics.js'

/**
 * `GET /metrics`: the Prometheus text exposition of the server's own registry (names and labels in
 * docs/metrics.md). No token: it carries no skill names, users or paths, only bounded labels; keep
 * the port off the public internet or filter `/metrics` at the ingress if that matters.
 */
export function registerMetricsRoute(app: Hono<RegistryEnv>, metrics: ServeMetrics): void {
  app.get('/metrics', async (c) => {
    const { body, contentType } = await metrics.scrape()
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' })
  })
}
