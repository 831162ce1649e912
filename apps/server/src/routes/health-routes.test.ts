import { Hono } from 'hono'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requestContext } from '../http/request-context.js'
import { registerHealthRoutes } from './health-routes.js'

function healthApp(ping: () => Promise<void>, lifecycle = { shuttingDown: false, warm: true }) {
  const deps = { metadata: { ping }, lifecycle } as unknown as RegistryDeps
  const app = new Hono<RegistryEnv>()
  app.use('*', requestContext(pino({ level: 'silent' })))
  registerHealthRoutes(app, deps)
  return { app, lifecycle }
}

const answer = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as unknown,
})
const notReady = (reason: string) => ({
  status: 503,
  body: {
    error: {
      code: 'SERVE_NOT_READY',
      message: expect.any(String),
      hint: 'Retry, or send the request to another replica.',
      details: { reason },
    },
  },
})

describe('health routes', () => {
  it('is ready only when warm, not shutting down, and storage answers', async () => {
    const { app, lifecycle } = healthApp(async () => undefined, {
      shuttingDown: false,
      warm: false,
    })
    expect(await answer(await app.request('/readyz'))).toEqual(notReady('warming-up'))
    lifecycle.warm = true
    expect(await answer(await app.request('/readyz'))).toEqual({
      status: 200,
      body: { status: 'ready' },
    })
    lifecycle.shuttingDown = true
    expect(await answer(await app.request('/readyz'))).toEqual(notReady('shutting-down'))
    // Liveness is about the process only: it stays 200 while the server drains.
    expect(await answer(await app.request('/livez'))).toEqual({
      status: 200,
      body: { status: 'ok' },
    })
  })

  it('is not ready when storage fails or does not answer within a second', async () => {
    const failing = healthApp(() => Promise.reject(new Error('connection refused')))
    expect(await answer(await failing.app.request('/readyz'))).toEqual(
      notReady('storage-unavailable'),
    )
    const hanging = healthApp(() => new Promise<void>(() => undefined))
    // Answering at all proves the storage check is bounded (a hang would time the test out).
    expect(await answer(await hanging.app.request('/readyz'))).toEqual(
      notReady('storage-unavailable'),
    )
    expect(await answer(await hanging.app.request('/livez'))).toEqual({
      status: 200,
      body: { status: 'ok' },
    })
  })
})
