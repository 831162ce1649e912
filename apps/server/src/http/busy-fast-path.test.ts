import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestRegistry, type TestRegistry } from '../../test/registry-harness.js'
import { metricsAnswerBudget } from '../routes/metrics-route.js'
import { costlyRoutes, createBusyFastPath } from './busy-fast-path.js'
import type { ConcurrencyLimit } from './concurrency-limit.js'

let registry: TestRegistry | undefined
let server: Server | undefined
const gates: Array<() => void> = []
afterEach(async () => {
  for (const open of gates.splice(0)) open()
  server?.close()
  await registry?.close()
})

/** Takes every slot and queue place of `limit` until the test ends. */
function fill(limit: ConcurrencyLimit): void {
  for (let i = limit.capacity(); i > 0; i--) {
    void limit.run(() => new Promise<void>((resolve) => gates.push(resolve)))
  }
}

/**
 * A raw listener as the server's: the refusals of `registry`'s limits first, then the app (which
 * says `x-answered-by: app` so the test sees which one answered).
 */
async function listen(reg: TestRegistry, limits = reg.limits): Promise<string> {
  const refusals = costlyRoutes(limits).map(createBusyFastPath)
  server = createServer(async (request, response) => {
    for (const refuse of refusals) if (refuse(request, response)) return
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => resolve(Buffer.concat(chunks)))
    })
    const method = request.method ?? 'GET'
    const answer = await reg.app.request(request.url ?? '/', {
      method,
      headers: request.headers as Record<string, string>,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
    })
    response.writeHead(answer.status, { 'x-answered-by': 'app' })
    response.end(Buffer.from(await answer.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const mcpInit = {
  method: 'POST',
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
}

async function answer(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init)
  const text = await response.text()
  return {
    status: response.status,
    by: response.headers.get('x-answered-by') ?? 'raw listener',
    retryAfter: response.headers.get('retry-after'),
    code: text.startsWith('{')
      ? (JSON.parse(text) as { error?: { code: string } }).error?.code
      : undefined,
    text,
  }
}

describe('refusing costly routes before the framework', () => {
  it('refuses /mcp, search and /metrics when their limits are full, as the app would', async () => {
    registry = await createTestRegistry({ metrics: true })
    const base = await listen(registry)
    // Room: the app answers.
    expect(await answer(`${base}/mcp`, mcpInit)).toMatchObject({ status: 200, by: 'app' })
    // What the app itself answers once full (through app.request, without the raw listener).
    fill(registry.limits.mcp)
    const fromApp = await registry.request('POST', '/mcp', mcpInit)
    const appBody = await fromApp.text()
    const raw = await answer(`${base}/mcp`, mcpInit)
    expect(raw).toMatchObject({
      status: 503,
      by: 'raw listener',
      retryAfter: '2',
      code: 'SERVE_BUSY',
    })
    expect({ status: fromApp.status, body: JSON.parse(appBody) as unknown }).toEqual({
      status: 503,
      body: JSON.parse(raw.text) as unknown,
    })
    // Other methods and paths are never refused here.
    expect(await answer(`${base}/mcp`)).toMatchObject({ by: 'app' })
    expect(await answer(`${base}/mcpx`, mcpInit)).toMatchObject({ by: 'app' })

    expect(await answer(`${base}/v1/skills?q=x`)).toMatchObject({ status: 200, by: 'app' })
    fill(registry.limits.search)
    expect(await answer(`${base}/v1/skills?q=x`)).toMatchObject({
      status: 503,
      code: 'SERVE_BUSY',
      by: 'raw listener',
    })
    expect(await answer(`${base}/v1/skills/x`)).toMatchObject({ by: 'app' })
  })

  it('refuses /metrics past its answer budget', async () => {
    registry = await createTestRegistry({ metrics: true })
    // A budget on a clock that stands still: its period never ends during the test.
    const metricsAnswers = metricsAnswerBudget(() => 0)
    const base = await listen(registry, { ...registry.limits, metricsAnswers })
    expect(await answer(`${base}/metrics`)).toMatchObject({ status: 200, by: 'app' })
    while (!metricsAnswers.exhausted()) metricsAnswers.spend()
    const refused = await answer(`${base}/metrics`)
    expect(refused).toMatchObject({ status: 503, code: 'SERVE_BUSY', by: 'raw listener' })
    expect(JSON.parse(refused.text)).toEqual({
      error: {
        code: 'SERVE_BUSY',
        message: metricsAnswers.refusal.message,
        hint: metricsAnswers.refusal.hint,
      },
    })
  })

  it('refuses /metrics when its concurrency limit is full', async () => {
    registry = await createTestRegistry({ metrics: true })
    const base = await listen(registry)
    fill(registry.limits.metrics)
    const refused = await answer(`${base}/metrics`)
    expect(refused).toMatchObject({ status: 503, code: 'SERVE_BUSY', by: 'raw listener' })
    expect(JSON.parse(refused.text)).toMatchObject({
      error: { message: registry.limits.metrics.refusal.message },
    })
  })
})
