import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ci, repoRoot } from './tools.js'

// End to end: a real skillship server on loopback, a real Prometheus (Debian's `prometheus`
// package) scraping its /metrics every second, loads driven through the server, and the load-time
// series read back from Prometheus' HTTP API. Locally it skips without /usr/bin/prometheus or the
// CLI bundle (built by `npm run build`, the first steps of `npm test`); under CI it fails instead.
const prometheusBin = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus'
const bundle = join(repoRoot, 'apps/cli/bundle/main.js')
const runs = (existsSync(prometheusBin) && existsSync(bundle)) || ci

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Waits for `pattern` in the child's stdout and stderr; returns the first match. */
function waitForOutput(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}:\n${seen}`)),
      ms,
    )
    const onData = (chunk: Buffer) => {
      seen += chunk.toString()
      const match = pattern.exec(seen)
      if (match) {
        clearTimeout(timer)
        resolve(match)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${seen}`)))
  })
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

interface QueryAnswer {
  status: string
  data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }
}

describe.skipIf(!runs)('Prometheus scrapes a skillship server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skillship-prom-e2e-'))
  let server: ChildProcess | undefined
  let prometheus: ChildProcess | undefined
  let serverUrl = ''
  let prometheusUrl = ''

  beforeAll(async () => {
    server = spawn(
      process.execPath,
      [
        join(repoRoot, 'apps/cli/bin/skillship.js'),
        'server',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--examples',
        'examples/skills',
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, SKILLSHIP_DATA: join(dir, 'data'), DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const listening = await waitForOutput(
      server,
      /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      20_000,
    )
    serverUrl = listening[1] ?? ''
    const target = new URL(serverUrl).host
    const port = await freePort()
    prometheusUrl = `http://127.0.0.1:${port}`
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        `rule_files: ["${join(repoRoot, 'deploy/prometheus/rules.yml')}"]`,
        'scrape_configs:',
        '  - job_name: skillship',
        '    metrics_path: /metrics',
        `    static_configs: [{ targets: ["${target}"] }]`,
        '',
      ].join('\n'),
    )
    prometheus = spawn(
      prometheusBin,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    await waitForOutput(prometheus, /Server is ready to receive web requests/, 30_000)
  }, 60_000)

  afterAll(async () => {
    await stop(prometheus)
    await stop(server)
    rmSync(dir, { recursive: true, force: true })
  })

  async function query(expr: string): Promise<QueryAnswer['data']['result']> {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`)
    const answer = (await response.json()) as QueryAnswer
    expect(answer.status).toBe('success')
    return answer.data.result
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000
    for (;;) {
      const value = await read()
      if (done(value) || Date.now() > deadline) return value
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }

  it('sees the load-time series after loads through the server', async () => {
    // A first scrape before the loads, so rate() sees them as an increase.
    const up = await until(
      () => query('up{job="skillship"}'),
      (result) => result[0]?.value[1] === '1',
    )
    expect(up.map((r) => r.value[1])).toEqual(['1'])
    // --examples published csv-insights; /readyz is a request like any other.
    for (let i = 0; i < 20; i++) {
      const load = await fetch(`${serverUrl}/v1/load/csv-insights`)
      await load.arrayBuffer()
      expect(load.status).toBe(200)
    }
    expect((await fetch(`${serverUrl}/readyz`)).status).toBe(200)

    const loads = await until(
      () => query('sum(skillship_skill_load_duration_seconds_count{job="skillship"})'),
      (result) => Number(result[0]?.value[1] ?? 0) >= 20,
    )
    expect(Number(loads[0]?.value[1])).toBeGreaterThanOrEqual(20)

    const readyz = await query(
      'sum(skillship_http_request_duration_seconds_count{job="skillship", route="/readyz", status="200"})',
    )
    expect(Number(readyz[0]?.value[1])).toBeGreaterThanOrEqual(1)
    const info = await query('skillship_build_info{job="skillship"}')
    expect(info).toHaveLength(1)
    // The rules load in a real Prometheus too.
    const rules = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ name: string; rules: Array<{ health: string }> }> }
    }
    expect(rules.data.groups.map((g) => g.name).sort()).toEqual([
      'skillship.alerts',
      'skillship.recording',
    ])
    const mean = await until(
      () =>
        query(
          'sum(rate(skillship_skill_load_duration_seconds_sum[1m])) / sum(rate(skillship_skill_load_duration_seconds_count[1m]))',
        ),
      (result) => Number.isFinite(Number(result[0]?.value[1])),
    )
    // Only that the recording query yields a mean; load times are measured in bench/serve.ts.
    expect(Number(mean[0]?.value[1])).toBeGreaterThan(0)
  }, 90_000)
})
