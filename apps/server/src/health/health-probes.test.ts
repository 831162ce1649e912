import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'
import { startHealthReporter } from './health-reporter.js'
import { createHealthState } from './health-state.js'

// The staleness threshold of the server under test: the contract the blocked-loop case checks.
const staleMs = 1000
let server: RunningServer
let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'skillship-health-'))
  const config = parseServerConfig({
    env: {
      SKILLSHIP_LOG_LEVEL: 'silent',
      SKILLSHIP_WARMUP_SKILLS: '0',
      SKILLSHIP_HEALTH_PORT: '0',
      SKILLSHIP_HEALTH_STALE_MS: String(staleMs),
    },
    flags: { data: dataDir, port: '0' },
  })
  server = await startServer(config)
})

afterAll(async () => {
  await server.close()
  await rm(dataDir, { recursive: true, force: true })
})

const healthUrl = () => server.healthUrl ?? 'no health listener'

/** Polls `url` until it answers `status` (bounded by the test's timeout), returning the body. */
async function until(url: string, status: number): Promise<unknown> {
  for (;;) {
    const response = await fetch(url)
    const body = (await response.json()) as unknown
    if (response.status === status) return body
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Blocks this thread (the server's main thread) in spawnSync while a child polls the health
 * listener's /livez until it fails (at most 30 s), then reads /readyz and the main /livez with a
 * short deadline; returns what it saw.
 */
function whileMainLoopBlocked(): { livez: unknown; readyz: unknown; main: string } {
  const script = `
    const get = async (url, ms) => {
      const r = await fetch(url, { signal: AbortSignal.timeout(ms) })
      return { status: r.status, body: await r.json() }
    }
    const deadline = Date.now() + 30000
    let livez
    do livez = await get(${JSON.stringify(`${healthUrl()}/livez`)}, 5000)
    while (livez.status === 200 && Date.now() < deadline)
    const readyz = await get(${JSON.stringify(`${healthUrl()}/readyz`)}, 5000)
    const main = await get(${JSON.stringify(`${server.url}/livez`)}, 200).then(
      (a) => String(a.status), (e) => e.name)
    console.log(JSON.stringify({ livez, readyz, main }))`
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (child.status !== 0) throw new Error(`probe child failed: ${child.stderr}`)
  return JSON.parse(child.stdout) as { livez: unknown; readyz: unknown; main: string }
}

describe('health probes on their own listener (SKILLSHIP_HEALTH_PORT)', () => {
  it('answers on both listeners while the server is healthy', async () => {
    expect(server.healthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.healthUrl).not.toBe(server.url)
    expect(await until(`${healthUrl()}/readyz`, 200)).toEqual({ status: 'ready' })
    expect(await until(`${healthUrl()}/livez`, 200)).toEqual({ status: 'ok' })
    expect(await until(`${server.url}/livez`, 200)).toEqual({ status: 'ok' })
    expect(await until(`${server.url}/readyz`, 200)).toEqual({ status: 'ready' })
  })

  it('fails liveness and readiness while the main event loop is blocked, and recovers', async () => {
    await until(`${healthUrl()}/livez`, 200)
    const seen = whileMainLoopBlocked()
    expect(seen.livez).toEqual({
      status: 503,
      body: {
        error: expect.objectContaining({
          code: 'SERVE_STALLED',
          details: { heartbeatAgeMs: expect.any(Number), staleMs },
        }),
      },
    })
    const heartbeatAgeMs = (
      seen.livez as { body: { error: { details: { heartbeatAgeMs: number } } } }
    ).body.error.details.heartbeatAgeMs
    expect(heartbeatAgeMs).toBeGreaterThan(staleMs)
    expect(seen.readyz).toMatchObject({
      status: 503,
      body: { error: { code: 'SERVE_NOT_READY', details: { reason: 'event-loop-stalled' } } },
    })
    // The main listener itself cannot answer while its loop is blocked.
    expect(seen.main).toBe('TimeoutError')
    expect(await until(`${healthUrl()}/livez`, 200)).toEqual({ status: 'ok' })
    expect(await until(`${healthUrl()}/readyz`, 200)).toEqual({ status: 'ready' })
  })
})

/** One GET on a connection of its own: the status, or the connection error's code. */
function getOnce(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
}

describe('the health listener at shutdown', () => {
  it('ends with the server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skillship-health-'))
    try {
      const config = parseServerConfig({
        env: { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_HEALTH_PORT: '0' },
        flags: { data: dir, port: '0' },
      })
      const other = await startServer(config)
      const url = `${other.healthUrl ?? 'no health listener'}/livez`
      expect(await getOnce(url)).toBe(200)
      await other.close()
      expect(await getOnce(url)).toBe('ECONNREFUSED')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the health reporter (main thread)', () => {
  const logger = pino({ level: 'silent' })

  it('publishes storage failures and shutdown as readiness, and beats', async () => {
    const state = createHealthState()
    const lifecycle = { shuttingDown: false, warm: true }
    let storageUp = false
    const reporter = startHealthReporter({
      state,
      lifecycle,
      logger,
      ping: async () => {
        if (!storageUp) throw new Error('connection refused')
      },
    })
    try {
      const waitFor = async (reason: string | undefined) => {
        while (state.read().notReady !== reason) await new Promise((r) => setTimeout(r, 10))
      }
      await waitFor('storage-unavailable')
      storageUp = true
      await waitFor(undefined)
      const before = state.read().heartbeatMs
      lifecycle.shuttingDown = true
      await waitFor('shutting-down')
      expect(state.read().heartbeatMs).toBeGreaterThan(before)
    } finally {
      reporter.close()
    }
  })

  it('never publishes ready before the first storage ping answers', () => {
    const state = createHealthState()
    const reporter = startHealthReporter({
      state,
      lifecycle: { shuttingDown: false, warm: true },
      logger,
      ping: () => new Promise<void>(() => undefined),
    })
    reporter.close()
    expect(state.read().notReady).toBe('warming-up')
  })
})
