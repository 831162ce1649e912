import type { Hono } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'
import type { ServeMetrics } from '../metrics/serve-metrics.js'

/**
 * How long one rendering of `/metrics` is served again (docs/metrics.md): rendering costs about
 * 12 ms of CPU and 140 KB, and anyone may ask; Prometheus scrapes every 15 s or more, so a
 * 2-second-old answer loses nothing.
 */
export const metricsCacheMs = 2000

type Scrape = ServeMetrics['scrape']

/**
 * `scrape`, rendered at most once per `ttlMs` (by `now`): callers within that time, and those
 * arriving while a rendering is under way, share its result. A failed rendering is not kept.
 */
export function cacheScrape(scrape: Scrape, ttlMs = metricsCacheMs, now = Date.now): Scrape {
  let cached: { at: number; result: ReturnType<Scrape> } | undefined
  return () => {
    const at = now()
    if (cached !== undefined && at - cached.at < ttlMs) return cached.result
    const entry = { at, result: scrape() }
    cached = entry
    entry.result.catch(() => {
      if (cached === entry) cached = undefined
    })
    return entry.result
  }
}

/**
 * `GET /metrics`: the Prometheus text exposition of the server's own registry (names and labels in
 * docs/metrics.md), rendered at most every {@link metricsCacheMs}. No token: it carries no skill
 * names, users or paths, only bounded labels; keep the port off the public internet or filter
 * `/metrics` at the ingress if that matters.
 */
export function registerMetricsRoute(app: Hono<RegistryEnv>, metrics: ServeMetrics): void {
  const scrape = cacheScrape(() => metrics.scrape())
  app.get('/metrics', async (c) => {
    const { body, contentType } = await scrape()
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' })
  })
}
