import { createServer, type Server } from 'node:http'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { applyServerTimeouts, requestTimeoutMs } from './apply-server-timeouts.js'
import { lifecycleNotReady } from './lifecycle-not-ready.js'
import { shutdownOnce, shutdownServer } from './shutdown-server.js'

const logger = pino({ level: 'silent' })
let server: Server | undefined
afterEach(() => {
  server?.closeAllConnections()
  server?.close()
})

async function listening(): Promise<Server> {
  server = createServer((_req, res) => res.end('ok'))
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return server
}

describe('shutdownServer', () => {
  it('turns readiness off first, drains, then closes the resources in order', async () => {
    const lifecycle = { shuttingDown: false, warm: true }
    const events: string[] = []
    const s = await listening()
    const report = await shutdownServer({
      server: s,
      lifecycle,
      timeoutMs: 2000,
      logger,
      resources: [
        async () => {
          events.push(
            `listeners (listening: ${s.listening}, not ready: ${lifecycleNotReady(lifecycle)})`,
          )
        },
        async () => {
          events.push('storage')
        },
      ],
    })
    expect(events).toEqual(['listeners (listening: false, not ready: shutting-down)', 'storage'])
    expect(report).toMatchObject({ forced: false, resourcesTimedOut: false })
  })

  it('stops waiting for a resource that hangs, within the budget', async () => {
    const closed: string[] = []
    const report = await shutdownServer({
      server: await listening(),
      lifecycle: { shuttingDown: false },
      timeoutMs: 300,
      logger,
      resources: [() => new Promise<void>(() => undefined), async () => void closed.push('late')],
    })
    // The resource never settles: returning at all proves the wait was cut at the budget.
    expect(report.resourcesTimedOut).toBe(true)
    expect(closed).toEqual([])
  })

  it('closes every resource even when one fails, then reports the failure', async () => {
    const closed: string[] = []
    const run = shutdownServer({
      server: await listening(),
      lifecycle: { shuttingDown: false },
      timeoutMs: 1000,
      logger,
      resources: [
        () => Promise.reject(new Error('pool refused to end')),
        async () => void closed.push('storage'),
      ],
    })
    await expect(run).rejects.toThrow('pool refused to end')
    expect(closed).toEqual(['storage'])
  })
})

describe('shutdownOnce', () => {
  it('runs the sequence once however often it is called', async () => {
    let closes = 0
    const close = shutdownOnce({
      server: await listening(),
      lifecycle: { shuttingDown: false },
      timeoutMs: 1000,
      logger,
      resources: [async () => void closes++],
    })
    const first = close()
    expect(close()).toBe(first)
    await first
    expect(close()).toBe(first)
    expect(closes).toBe(1)
  })
})

describe('lifecycleNotReady', () => {
  it.each([
    [{ shuttingDown: false, warm: true }, undefined],
    [{ shuttingDown: false }, undefined],
    [{ shuttingDown: false, warm: false }, 'warming-up'],
    [{ shuttingDown: true, warm: false }, 'shutting-down'],
    [{ shuttingDown: true, warm: true }, 'shutting-down'],
  ])('%o -> %s', (lifecycle, reason) => {
    expect(lifecycleNotReady(lifecycle)).toBe(reason)
  })
})

describe('applyServerTimeouts', () => {
  it('sets keep-alive and header timeouts from the configuration, and a request timeout above both', () => {
    const s = createServer()
    applyServerTimeouts(s, { keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000 })
    expect([s.keepAliveTimeout, s.headersTimeout, s.requestTimeout]).toEqual([
      65_000,
      66_000,
      requestTimeoutMs,
    ])
    applyServerTimeouts(s, { keepAliveTimeoutMs: 400_000, headersTimeoutMs: 401_000 })
    expect(s.requestTimeout).toBe(401_000)
  })
})
