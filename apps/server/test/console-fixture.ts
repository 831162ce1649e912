// A running server with what the console's Lighthouse test and bench/console.ts look at: a
// published skill with files and recorded loads (its chart), a running experiment with events and
// a daily snapshot (its lift chart), and an admin session cookie. Everything goes through the API.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTokenOffline } from '../src/app/offline-tokens.js'
import { type RunningServer, startServer } from '../src/app/start-server.js'
import { parseServerConfig } from '../src/config/server-config.js'
import { packTestSkill } from './registry-harness.js'

export interface ConsoleFixture {
  readonly server: RunningServer
  readonly adminToken: string
  /** `skillship_session=<token>`: what a signed-in browser sends. */
  readonly cookie: string
  readonly pages: { readonly catalog: string; readonly skill: string; readonly experiment: string }
  close(): Promise<void>
}

export async function startConsoleFixture(): Promise<ConsoleFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'skillship-console-fixture-'))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_STATS_FLUSH_MS: '100' },
    flags: { data: dataDir, port: '0' },
  })
  const adminToken = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
  const server = await startServer(config, { evaluatorIntervalMs: 200, snapshotEveryMs: 0 })
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined
        ? {}
        : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
    })
  const files = {
    'scripts/check.py': 'import json\n\ndef check(path):\n    return json.load(open(path))\n',
    'references/guide.md': '# Guide\n\nRead [the script](../scripts/check.py).\n',
  }
  for (const version of ['1.0.0', '2.0.0']) {
    const published = await call(
      'PUT',
      '/v1/skills/code-review',
      await packTestSkill('code-review', version, files),
    )
    if (published.status !== 201) throw new Error(`publish answered ${published.status}`)
  }
  await call('POST', '/v1/experiments', {
    key: 'review-3',
    skill: 'code-review',
    variants: [
      { key: 'control', version: '1.0.0', weight: 1 },
      { key: 'treatment', version: '2.0.0', weight: 1 },
    ],
    primaryMetric: 'task_success',
  })
  await call('POST', '/v1/experiments/review-3/start')
  await loadsAndEvents(server.url, call)
  return {
    server,
    adminToken,
    cookie: `skillship_session=${adminToken}`,
    pages: {
      catalog: `${server.url}/`,
      skill: `${server.url}/skills/code-review?file=scripts/check.py`,
      experiment: `${server.url}/experiments/review-3`,
    },
    close: async () => {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

type Call = (method: string, path: string, body?: unknown) => Promise<Response>

// 40 users load the skill (each in its arm) and report an outcome; then waits until the loads are
// in the statistics and the evaluator's snapshot is in the experiment's history.
async function loadsAndEvents(url: string, call: Call): Promise<void> {
  const events = []
  for (let i = 0; i < 40; i++) {
    const user = `user-${i}`
    const load = await fetch(`${url}/v1/load/code-review`, {
      headers: { 'x-skillship-user': user },
    })
    const variant = load.headers.get('x-skillship-variant')
    await load.arrayBuffer()
    const value = variant === 'treatment' ? 1 : i % 2
    events.push({ id: `e-${i}`, skill: 'code-review', user, metric: 'task_success', value })
  }
  const posted = await call('POST', '/v1/events', { events })
  if (posted.status !== 200) throw new Error(`events answered ${posted.status}`)
  for (let attempt = 0; attempt < 100; attempt++) {
    const stats = (await (await call('GET', '/v1/skills/code-review/stats')).json()) as {
      series: unknown[]
    }
    const history = (await (await call('GET', '/v1/experiments/review-3/history')).json()) as {
      points: { lift?: unknown }[]
    }
    if (stats.series.length > 0 && history.points.some((p) => p.lift !== undefined)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the recorded loads or the experiment snapshot never showed up')
}
