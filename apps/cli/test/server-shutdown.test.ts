import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const bin = new URL('../bin/skillship.js', import.meta.url).pathname
const examples = new URL('../../../examples/skills', import.meta.url).pathname
const shutdownTimeoutMs = 5000

let dir: string | undefined
let child: ChildProcess | undefined
afterEach(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL')
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

interface Answer {
  readonly path: string
  readonly at: number
  readonly status?: number | undefined
  readonly connection?: string | undefined
  readonly body?: string
  readonly error?: string
}

function get(url: string, path: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () =>
        resolve({
          path,
          at: performance.now(),
          status: res.statusCode,
          connection: res.headers.connection,
          body,
        }),
      )
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ path, at: performance.now(), error: error.code ?? error.message }),
      )
    })
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ path, at: performance.now(), error: error.code ?? error.message }),
    )
    req.end()
  })
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

// Cached loads (answered below the framework), resolutions and searches (through Hono).
const paths = [
  '/v1/load/commit-message',
  '/v1/load/csv-insights',
  '/v1/load/release-notes?range=%5E1',
  '/v1/skills?q=notes',
  '/v1/skills/markdown-link-check',
]

describe('skillship server under load, stopped by SIGTERM', () => {
  it('answers every accepted request with 200, refuses the rest cleanly and exits 0 before the deadline', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skillship-shutdown-'))
    const server = spawn(
      process.execPath,
      [bin, 'server', '--data', dir, '--port', '0', '--examples', examples],
      {
        env: {
          ...process.env,
          SKILLSHIP_LOG_LEVEL: 'warn',
          SKILLSHIP_SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
        },
      },
    )
    child = server
    let stderr = ''
    server.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    let logs = ''
    server.stdout.on('data', (chunk: Buffer) => {
      logs += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve))
    const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(stderr)?.[1])
    const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 })
    await waitFor(async () =>
      (await get(url, '/readyz', probeAgent)).status === 200 ? true : undefined,
    )

    const agent = new Agent({ keepAlive: true, maxSockets: 32 })
    const answers: Answer[] = []
    const worker = async (n: number) => {
      for (let i = n; ; i++) {
        const answer = await get(url, paths[i % paths.length] ?? '/', agent)
        answers.push(answer)
        if (answer.error !== undefined) return
      }
    }
    const workers = Array.from({ length: 32 }, (_, n) => worker(n))
    await waitFor(() => (answers.length >= 500 ? true : undefined))

    const sigterm = performance.now()
    server.kill('SIGTERM')
    await waitFor(() => (stderr.includes('SIGTERM: draining') ? true : undefined))
    // A request on a connection that was open before the signal: answered, not ready, closing.
    const readiness = await get(url, '/readyz', probeAgent)
    // A new connection: refused.
    const fresh = await get(url, '/livez', new Agent({ keepAlive: false }))
    await Promise.all(workers)
    const code = await exited

    expect(code).toBe(0)
    // Before the deadline: nothing was cut and every resource closed in time (the server warns
    // "shutdown deadline: ..." otherwise). The drain time is measured in bench/serve.ts.
    expect(`${logs}${stderr}`).not.toContain('shutdown deadline')
    expect(readiness).toMatchObject({ status: 503, connection: 'close' })
    expect(JSON.parse(readiness.body ?? '{}')).toMatchObject({
      error: { code: 'SERVE_NOT_READY', details: { reason: 'shutting-down' } },
    })
    expect(fresh.error).toBe('ECONNREFUSED')
    const responded = answers.filter((a) => a.status !== undefined)
    expect(responded.filter((a) => a.status !== 200)).toEqual([])
    // In-flight requests at the signal were finished, not cut.
    expect(responded.filter((a) => a.at > sigterm).length).toBeGreaterThan(0)
    // The only failures: new connections after the listener closed.
    const failures = answers.filter((a) => a.error !== undefined)
    expect(failures.length).toBe(32)
    expect(new Set(failures.map((a) => a.error))).toEqual(new Set(['ECONNREFUSED']))
    expect(failures.every((a) => a.at > sigterm)).toBe(true)
    agent.destroy()
    probeAgent.destroy()
  }, 60_000)
})
