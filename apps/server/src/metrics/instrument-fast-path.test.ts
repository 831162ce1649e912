import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../logging/create-logger.js'
import { countPublishes } from './count-publishes.js'
import { instrumentFastPath } from './instrument-fast-path.js'
import { createServeMetrics } from './serve-metrics.js'

let server: Server | undefined
afterEach(() => {
  server?.close()
})

const count = (body: string, labels: string) => {
  const prefix = `skillship_http_request_duration_seconds_count{${labels}} `
  const line = body.split('\n').find((l) => l.startsWith(prefix))
  return line === undefined ? undefined : Number(line.slice(prefix.length))
}

describe('instrumentFastPath', () => {
  it('records what the fast path answers under the route template, samples access lines, and ignores what it passes on', async () => {
    const metrics = createServeMetrics({
      prefix: 'skillship_',
      version: '0',
      processMetrics: false,
    })
    const lines: Record<string, unknown>[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)
        done()
      },
    })
    const draws = [0.01, 0.9]
    const fastPath = instrumentFastPath(
      (request, response) => {
        if (!request.url?.startsWith('/v1/load/')) return false
        response.writeHead(request.headers['if-none-match'] === '"e"' ? 304 : 200).end()
        return true
      },
      {
        route: '/v1/load/:name',
        metrics,
        logger: createLogger('info', sink),
        accessLogSample: 0.5,
        random: () => draws.shift() ?? 1,
      },
    )
    server = createServer((request, response) => {
      if (!fastPath(request, response)) response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await fetch(`${url}/v1/load/alpha?x=1`, { headers: { 'x-request-id': 'abc' } })
    await fetch(`${url}/v1/load/alpha`, { headers: { 'if-none-match': '"e"' } })
    await fetch(`${url}/elsewhere`)
    const { body } = await metrics.scrape()
    expect(count(body, 'method="GET",route="/v1/load/:name",status="200"')).toBe(1)
    expect(count(body, 'method="GET",route="/v1/load/:name",status="304"')).toBe(1)
    expect(body).not.toContain('elsewhere')
    expect(lines).toMatchObject([
      {
        level: 30,
        msg: 'request',
        requestId: 'abc',
        path: '/v1/load/alpha',
        route: '/v1/load/:name',
        status: 200,
      },
    ])
  })
})

describe('countPublishes', () => {
  it('counts 201 as ok and every other answer of the publish route as rejected', async () => {
    const metrics = createServeMetrics({
      prefix: 'skillship_',
      version: '0',
      processMetrics: false,
    })
    const app = new Hono()
    app.put('/v1/skills/:name', countPublishes(metrics))
    app.put('/v1/skills/:name', (c) =>
      c.req.param('name') === 'taken' ? c.json({}, 409) : c.json({}, 201),
    )
    await app.request('/v1/skills/fresh', { method: 'PUT' })
    await app.request('/v1/skills/taken', { method: 'PUT' })
    await app.request('/v1/skills/taken', { method: 'PUT' })
    await app.request('/v1/skills/fresh', { method: 'GET' })
    const { body } = await metrics.scrape()
    expect(body).toContain('skillship_publishes_total{outcome="ok"} 1\n')
    expect(body).toContain('skillship_publishes_total{outcome="rejected"} 2\n')
  })
})
