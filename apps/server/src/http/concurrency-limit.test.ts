import { isSkillshipError } from '@skillship/core'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestRegistry, type TestRegistry } from '../../test/registry-harness.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { createLogger } from '../logging/create-logger.js'
import { createConcurrencyLimit, limitConcurrency } from './concurrency-limit.js'
import { errorResponse } from './error-response.js'
import { requestContext } from './request-context.js'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

const codeOf = (error: unknown) => (isSkillshipError(error) ? error.code : String(error))

describe('createConcurrencyLimit', () => {
  it('runs `concurrency` tasks, queues `queue` more, and refuses the rest with SERVE_BUSY', async () => {
    const limit = createConcurrencyLimit({ name: 'test', concurrency: 2, queue: 1 })
    const gates = [deferred(), deferred(), deferred()]
    const started: number[] = []
    const runs = gates.map((gate, index) =>
      limit.run(async () => {
        started.push(index)
        await gate.promise
        return index
      }),
    )
    const refused = await limit.run(async () => 'ran').catch(codeOf)
    expect({
      started: [...started],
      refused,
      active: limit.active(),
      queued: limit.queued(),
    }).toEqual({ started: [0, 1], refused: ServeErrorCode.Busy, active: 2, queued: 1 })
    gates[0]?.resolve()
    expect(await runs[0]).toBe(0)
    expect(started).toEqual([0, 1, 2])
    gates[1]?.resolve()
    gates[2]?.resolve()
    expect(await Promise.all(runs)).toEqual([0, 1, 2])
    expect({ active: limit.active(), queued: limit.queued() }).toEqual({ active: 0, queued: 0 })
  })

  it('frees the slot of a task that throws', async () => {
    const limit = createConcurrencyLimit({ name: 'test', concurrency: 1, queue: 0 })
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await limit.run(async () => 'next')).toBe('next')
  })

  it('refuses bounds that are not whole numbers (1+ running, 0+ queued)', () => {
    expect(() => createConcurrencyLimit({ name: 'x', concurrency: 0, queue: 1 })).toThrow()
    expect(() => createConcurrencyLimit({ name: 'x', concurrency: 1, queue: -1 })).toThrow()
    expect(() => createConcurrencyLimit({ name: 'x', concurrency: 1.5, queue: 1 })).toThrow()
  })
})

describe('limitConcurrency', () => {
  it('answers 503 SERVE_BUSY with Retry-After when the route is full', async () => {
    const limit = createConcurrencyLimit({ name: 'slow', concurrency: 1, queue: 1 })
    const gate = deferred()
    const app = new Hono<RegistryEnv>()
    app.use('*', requestContext(createLogger('silent')))
    app.get('/slow', limitConcurrency(limit), async (c) => {
      await gate.promise
      return c.text('done')
    })
    app.onError((error, c) => errorResponse(error, c))
    const held = [app.request('/slow'), app.request('/slow')]
    const refused = await app.request('/slow')
    gate.resolve()
    expect({
      status: refused.status,
      retryAfter: refused.headers.get('retry-after'),
      code: ((await refused.json()) as { error: { code: string } }).error.code,
      held: await Promise.all(held.map(async (r) => (await r).status)),
    }).toEqual({ status: 503, retryAfter: '2', code: ServeErrorCode.Busy, held: [200, 200] })
  })
})

describe('the registry app under a flood of costly requests', () => {
  let registry: TestRegistry | undefined
  afterEach(async () => registry?.close())

  it('refuses /metrics, /mcp and search when full, and still answers /livez and /readyz', async () => {
    registry = await createTestRegistry({ metrics: true })
    const { limits } = registry
    const gate = deferred()
    // Fill every costly route's running slots and queue, as 200 keep-alive clients would.
    const holders = [limits.metrics, limits.mcp, limits.search].flatMap((limit) =>
      Array.from({ length: limit.capacity() }, () => limit.run(() => gate.promise)),
    )
    const mcpBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })
    const statuses = {
      metrics: (await registry.request('GET', '/metrics')).status,
      mcp: (
        await registry.request('POST', '/mcp', {
          body: mcpBody,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
        })
      ).status,
      search: (await registry.request('GET', '/v1/skills?q=x')).status,
      livez: (await registry.request('GET', '/livez')).status,
      readyz: (await registry.request('GET', '/readyz')).status,
    }
    gate.resolve()
    await Promise.all(holders)
    expect(statuses).toEqual({ metrics: 503, mcp: 503, search: 503, livez: 200, readyz: 200 })
    expect((await registry.request('GET', '/metrics')).status).toBe(200)
    expect((await registry.request('GET', '/v1/skills?q=x')).status).toBe(200)
  })
})
