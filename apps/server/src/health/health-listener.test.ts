import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeWhileBlocked } from '../../test/probe-while-blocked.js'
import { type HealthListener, startHealthListener } from './health-listener.js'
import { createHealthState, monotonicMs } from './health-state.js'

const logger = pino({ level: 'silent' })
// Far above any delay the test could meet: only the heartbeats the test writes decide staleness.
const staleMs = 60_000
const state = createHealthState()
let listener: HealthListener

beforeAll(async () => {
  listener = await startHealthListener({ state, host: '127.0.0.1', port: 0, staleMs, logger })
})
afterAll(async () => {
  await listener.close()
})

async function get(path: string, init: RequestInit = {}) {
  const response = await fetch(`${listener.url}${path}`, init)
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) }
}

const code = (c: string, reason?: string) => ({
  error: expect.objectContaining({
    code: c,
    ...(reason === undefined ? {} : { details: expect.objectContaining({ reason }) }),
  }),
})

describe('the health listener (a worker thread)', () => {
  it('answers /livez and /readyz from the shared state while this thread is blocked', () => {
    state.beat()
    state.publishReadiness(undefined)
    expect(probeWhileBlocked(listener.url, ['/livez', '/readyz'])).toEqual([
      { status: 200 },
      { status: 200 },
    ])
    state.publishReadiness('storage-unavailable')
    expect(probeWhileBlocked(listener.url, ['/livez', '/readyz'])).toEqual([
      { status: 200 },
      { status: 503, code: 'SERVE_NOT_READY', reason: 'storage-unavailable' },
    ])
  })

  it('fails liveness and readiness once the heartbeat is older than the threshold', async () => {
    state.publishReadiness(undefined)
    state.beat(monotonicMs() - staleMs - 1000)
    expect(await get('/livez')).toEqual({
      status: 503,
      body: {
        error: expect.objectContaining({
          code: 'SERVE_STALLED',
          details: { heartbeatAgeMs: expect.any(Number), staleMs },
        }),
      },
    })
    expect(await get('/readyz')).toEqual({
      status: 503,
      body: code('SERVE_NOT_READY', 'event-loop-stalled'),
    })
    state.beat()
    expect(await get('/livez')).toEqual({ status: 200, body: { status: 'ok' } })
    expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready' } })
  })

  it('answers HEAD without a body, and nothing but GET and HEAD of its two paths', async () => {
    state.beat()
    expect(await get('/livez', { method: 'HEAD' })).toEqual({ status: 200, body: undefined })
    expect(await get('/livez?verbose=1')).toEqual({ status: 200, body: { status: 'ok' } })
    for (const [method, path] of [
      ['POST', '/livez'],
      ['DELETE', '/readyz'],
      ['GET', '/metrics'],
      ['GET', '/'],
      ['GET', '/livez/x'],
    ] as const) {
      expect({ method, path, ...(await get(path, { method })) }).toEqual({
        method,
        path,
        status: 404,
        body: code('REGISTRY_NOT_FOUND'),
      })
    }
  })

  it('refuses a probe with a body (413) and headers over 4 KiB (431)', async () => {
    expect(await statusOf({ 'content-length': '5' }, 'hello')).toEqual({
      status: 413,
      code: 'REGISTRY_PAYLOAD_TOO_LARGE',
    })
    expect(await statusOf({ 'x-pad': 'a'.repeat(5000) })).toEqual({ status: 431 })
  })

  it('rejects with the listen error when its port is taken', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as AddressInfo
    try {
      await expect(
        startHealthListener({ state, host: '127.0.0.1', port, staleMs, logger }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      taken.close()
    }
  })

  it('stops listening when closed', async () => {
    const other = await startHealthListener({ state, host: '127.0.0.1', port: 0, staleMs, logger })
    expect((await fetch(`${other.url}/livez`)).status).toBe(200)
    await other.close()
    await expect(fetch(`${other.url}/livez`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    })
  })
})

// A raw GET /livez with extra headers (and a body): status and error code.
function statusOf(headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number | undefined; code?: string }>((resolve, reject) => {
    const req = request(`${listener.url}/livez`, { method: 'GET', headers }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString()
      })
      res.on('end', () => {
        const parsed = text === '' ? undefined : (JSON.parse(text) as { error?: { code: string } })
        resolve({
          status: res.statusCode,
          ...(parsed?.error === undefined ? {} : { code: parsed.error.code }),
        })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}
