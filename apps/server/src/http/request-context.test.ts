import { Writable } from 'node:stream'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { RegistryEnv } from '../app/registry-env.js'
import type { LogLevel } from '../config/server-config.js'
import { createLogger } from '../logging/create-logger.js'
import { requestContext } from './request-context.js'

function appLogging(level: LogLevel, accessLogSample: number, random: () => number) {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)
      done()
    },
  })
  const app = new Hono<RegistryEnv>()
  app.use('*', requestContext(createLogger(level, sink), { accessLogSample, random }))
  app.get('/v1/load/:name', (c) => c.json({ ok: true }))
  return { app, lines }
}

describe('access logs', () => {
  it('logs every request at debug, with the route template and the path', async () => {
    const { app, lines } = appLogging('debug', 0, () => 0.99)
    await app.request('/v1/load/alpha', { headers: { 'x-request-id': 'r-1' } })
    await app.request('/nowhere')
    expect(lines).toMatchObject([
      {
        level: 20,
        msg: 'request',
        requestId: 'r-1',
        method: 'GET',
        path: '/v1/load/alpha',
        route: '/v1/load/:name',
        status: 200,
      },
      { level: 20, msg: 'request', path: '/nowhere', route: 'unmatched', status: 404 },
    ])
    expect(typeof lines[0]?.['ms']).toBe('number')
  })

  it('logs only the sampled share at info, and nothing by default', async () => {
    const draws = [0.05, 0.5, 0.09, 0.1]
    const sampled = appLogging('info', 0.1, () => draws.shift() ?? 1)
    for (let i = 0; i < 4; i++) await sampled.app.request('/v1/load/alpha')
    expect(sampled.lines.map((l) => [l['level'], l['msg']])).toEqual([
      [30, 'request'],
      [30, 'request'],
    ])
    const quiet = appLogging('info', 0, () => 0)
    await quiet.app.request('/v1/load/alpha')
    expect(quiet.lines).toEqual([])
    const warnOnly = appLogging('warn', 1, () => 0)
    await warnOnly.app.request('/v1/load/alpha')
    expect(warnOnly.lines).toEqual([])
  })
})
