import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { RegistryEnv } from '../app/registry-env.js'
import { registerMetricsRoute } from '../routes/metrics-route.js'
import { httpMetricsMiddleware } from './http-metrics-middleware.js'
import { createServeMetrics } from './serve-metrics.js'

function appWithMetrics() {
  const metrics = createServeMetrics({
    prefix: 'skillship_',
    version: '0.0.0',
    processMetrics: false,
  })
  const app = new Hono<RegistryEnv>()
  app.use('*', httpMetricsMiddleware(metrics))
  app.use('/v1/*', async (c, next) => {
    if (c.req.path.startsWith('/v1/private') && c.req.header('authorization') === undefined) {
      return c.json({ error: 'no' }, 401)
    }
    return next()
  })
  app.get('/v1/load/:name', (c) =>
    c.req.param('name') === 'missing' ? c.json({}, 404) : c.json({ name: c.req.param('name') }),
  )
  app.get('/v1/load/:name/files/*', (c) => c.text('file'))
  app.get('/v1/private/:name', (c) => c.text('secret'))
  app.all('/mcp', (c) => c.json({ jsonrpc: '2.0' }))
  app.get('/boom', () => {
    throw new Error('boom')
  })
  registerMetricsRoute(app, metrics)
  app.onError((_error, c) => c.json({ error: 'internal' }, 500))
  return { app, metrics }
}

const count = (body: string, labels: string): number | undefined => {
  const prefix = `skillship_http_request_duration_seconds_count{${labels}} `
  const line = body.split('\n').find((l) => l.startsWith(prefix))
  return line === undefined ? undefined : Number(line.slice(prefix.length))
}

describe('httpMetricsMiddleware', () => {
  it('labels requests with the route template, never the raw path', async () => {
    const { app, metrics } = appWithMetrics()
    await app.request('/v1/load/alpha')
    await app.request('/v1/load/beta')
    await app.request('/v1/load/missing')
    await app.request('/v1/load/alpha/files/scripts/run.sh')
    await app.request('/v1/load/alpha', { method: 'HEAD' })
    await app.request('/mcp', { method: 'POST', body: '{}' })
    const { body } = await metrics.scrape()
    expect(count(body, 'method="GET",route="/v1/load/:name",status="200"')).toBe(2)
    expect(count(body, 'method="GET",route="/v1/load/:name",status="404"')).toBe(1)
    expect(count(body, 'method="HEAD",route="/v1/load/:name",status="200"')).toBe(1)
    expect(count(body, 'method="GET",route="/v1/load/:name/files/*",status="200"')).toBe(1)
    expect(count(body, 'method="POST",route="/mcp",status="200"')).toBe(1)
    expect(body).not.toContain('alpha')
    expect(body).not.toContain('beta')
  })

  it('folds every unknown path into `unmatched`, keeps the template of a request a middleware refused, and counts thrown errors as 500', async () => {
    const { app, metrics } = appWithMetrics()
    await app.request('/wp-admin/setup.php')
    await app.request('/v1/nothing/here')
    await app.request('/v1/private/x')
    await app.request('/boom')
    await app.request('/v1/load/alpha', { method: 'DELETE' })
    const { body } = await metrics.scrape()
    expect(count(body, 'method="GET",route="unmatched",status="404"')).toBe(2)
    expect(count(body, 'method="DELETE",route="unmatched",status="404"')).toBe(1)
    expect(count(body, 'method="GET",route="/v1/private/:name",status="401"')).toBe(1)
    expect(count(body, 'method="GET",route="/boom",status="500"')).toBe(1)
    expect(body).not.toContain('wp-admin')
  })
})

describe('GET /metrics', () => {
  it('answers the text exposition with the registry content type, uncached, and counts itself', async () => {
    const { app, metrics } = appWithMetrics()
    await app.request('/metrics')
    const response = await app.request('/metrics')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.text()).toContain(
      '# TYPE skillship_http_request_duration_seconds histogram',
    )
    // The route serves one rendering for metricsCacheMs; the registry itself counted both.
    const { body } = await metrics.scrape()
    expect(count(body, 'method="GET",route="/metrics",status="200"')).toBe(2)
  })
})
