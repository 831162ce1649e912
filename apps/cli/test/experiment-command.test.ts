import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ExperimentDocument, ExperimentReport } from '@skillship/registry-client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cli, scratch } from './cli-harness.js'

// `skillship experiment` in process against a scripted fake registry: what each action sends, how
// it prints, and its usage errors. experiment-e2e.test.ts runs it against the real server.

interface Seen {
  readonly method: string
  readonly path: string
  readonly query: Record<string, string>
  readonly authorization: string | undefined
  readonly body: unknown
}

const experiment: ExperimentDocument = {
  key: 'cr-3',
  skill: 'code-review',
  seed: 'seed-1',
  status: 'running',
  variants: [
    { key: 'control', version: '2.3.1', weight: 4 },
    { key: 'b', version: '3.0.0', weight: 1 },
  ],
  coverage: 0.2,
  primaryMetric: 'success',
  guardrails: [{ metric: 'load_time_ms', direction: 'lower-is-better' }],
  ramp: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: '2025-01-02T00:00:00.000Z',
  endedAt: null,
  decision: null,
}

const report: ExperimentReport = {
  experiment,
  arms: [
    {
      variant: 'control',
      version: '2.3.1',
      users: 1000,
      metrics: { success: { n: 800, sum: 400, sumSquares: 400 } },
    },
    {
      variant: 'b',
      version: '3.0.0',
      users: 1010,
      metrics: { success: { n: 810, sum: 486, sumSquares: 486 } },
    },
  ],
  primary: [
    {
      metric: 'success',
      variant: 'b',
      controlMean: 0.5,
      variantMean: 0.6,
      lift: 0.2,
      liftInterval: [0.05, 0.35],
      pValue: 0.0001,
      chanceToWin: 0.999,
    },
  ],
  srmPValue: 0.823,
  guardrails: [{ metric: 'load_time_ms', variant: 'b', state: 'ok' }],
}

const seen: Seen[] = []
let url = ''
let close: () => Promise<void>
let work: { root: string; cleanup(): Promise<void> }

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

// Unknown keys 404; reports, lists, creations and transitions answer their documents.
function answer(method: string, path: string, response: ServerResponse): void {
  if (path.startsWith('/v1/experiments/missing')) {
    send(response, 404, {
      error: { code: 'EXPERIMENT_NOT_FOUND', message: 'No experiment missing' },
    })
  } else if (path.endsWith('/report')) send(response, 200, report)
  else if (method === 'GET') send(response, 200, { experiments: [experiment] })
  else if (path === '/v1/experiments') send(response, 201, { ...experiment, status: 'draft' })
  else send(response, 200, experiment)
}

beforeAll(async () => {
  work = await scratch()
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const parsed = new URL(request.url ?? '/', 'http://fake')
      const text = Buffer.concat(chunks).toString('utf8')
      seen.push({
        method: request.method ?? '',
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        authorization: request.headers.authorization,
        body: text === '' ? undefined : JSON.parse(text),
      })
      answer(request.method ?? '', parsed.pathname, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
})

afterAll(async () => {
  await close()
  await work.cleanup()
})

beforeEach(() => {
  seen.length = 0
})

const env = () => ({
  SKILLSHIP_REGISTRY: url,
  SKILLSHIP_TOKEN: 'sks_test',
  SKILLSHIP_HOME: `${work.root}/home`,
})
const run = (args: string[], extraEnv: Record<string, string> = {}) =>
  cli(['experiment', ...args], work.root, { env: { ...env(), ...extraEnv } })

describe('skillship experiment against a scripted registry', () => {
  it('create sends the definition parsed from the flags', async () => {
    const result = await run([
      'create',
      'cr-3',
      '--skill',
      'code-review',
      '--variant',
      'control=2.3.1',
      '--variant',
      'b=3.0.0:0.25',
      '--metric',
      'success',
      '--coverage',
      '0.2',
      '--guardrail',
      'load_time_ms:lower',
      '--guardrail',
      'success:higher',
      '--seed',
      'abc',
      '--json',
    ])
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/v1/experiments',
        query: {},
        authorization: 'Bearer sks_test',
        body: {
          key: 'cr-3',
          skill: 'code-review',
          variants: [
            { key: 'control', version: '2.3.1', weight: 1 },
            { key: 'b', version: '3.0.0', weight: 0.25 },
          ],
          primaryMetric: 'success',
          coverage: 0.2,
          guardrails: [
            { metric: 'load_time_ms', direction: 'lower-is-better' },
            { metric: 'success', direction: 'higher-is-better' },
          ],
          seed: 'abc',
        },
      },
    ])
    expect(result.json()).toMatchObject({ ok: true, experiment: { key: 'cr-3', status: 'draft' } })
  })

  it.each([
    ['start', [], 'POST', '/v1/experiments/cr-3/start', undefined],
    ['stop', [], 'POST', '/v1/experiments/cr-3/stop', undefined],
    ['rollback', [], 'POST', '/v1/experiments/cr-3/rollback', undefined],
    ['promote', [], 'POST', '/v1/experiments/cr-3/promote', undefined],
    ['promote', ['--variant', 'b'], 'POST', '/v1/experiments/cr-3/promote', { variant: 'b' }],
    ['show', [], 'GET', '/v1/experiments/cr-3/report', undefined],
  ])('%s %j sends %s %s', async (action, extra, method, path, body) => {
    const result = await run([action, 'cr-3', ...extra, '--json'])
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
    expect(seen.map((s) => [s.method, s.path, s.body])).toEqual([[method, path, body]])
    expect(result.json()['ok']).toBe(true)
  })

  it('list filters by skill and prints one line per experiment', async () => {
    const result = await run(['list', '--skill', 'code-review'])
    expect(result.code).toBe(0)
    expect(seen[0]?.query).toEqual({ skill: 'code-review' })
    expect(result.stdout).toContain('cr-3  code-review  running  control=2.3.1 b=3.0.0')
    const json = (await run(['list', '--json'])).json<{ experiments: ExperimentDocument[] }>()
    expect(json.experiments).toEqual([experiment])
  })

  it('show prints users, means, lift with interval, chance to win, SRM and guardrails', async () => {
    const result = await run(['show', 'cr-3'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('control  2.3.1  1000 users  success 0.5000 (n=800)')
    expect(result.stdout).toContain('b  3.0.0  1010 users  success 0.6000 (n=810)')
    expect(result.stdout).toContain('lift +20.0% [+5.0%, +35.0%]')
    expect(result.stdout).toContain('chance to win 99.9%')
    expect(result.stdout).toContain('SRM p-value: 0.8230')
    expect(result.stdout).toContain('load_time_ms  b: ok')
    expect((await run(['show', 'cr-3', '--json'])).json()).toMatchObject({
      ok: true,
      srmPValue: 0.823,
      arms: report.arms,
      primary: report.primary,
    })
  })

  it('passes the registry error through with its code', async () => {
    const result = await run(['show', 'missing', '--json'])
    expect(result.code).toBe(4)
    expect(result.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'EXPERIMENT_NOT_FOUND',
    )
  })

  it.each([
    [['create', 'k', '--variant', 'control=1.0.0', '--variant', 'b=2.0.0', '--metric', 'm']],
    [['create', 'k', '--skill', 's', '--variant', 'control=1.0.0', '--metric', 'm']],
    [
      [
        'create',
        'k',
        '--skill',
        's',
        '--variant',
        'control=1.0.0',
        '--variant',
        'b',
        '--metric',
        'm',
      ],
    ],
    [['create', 'k', '--skill', 's', '--variant', 'a=1', '--variant', 'b=2:-1', '--metric', 'm']],
    [
      [
        'create',
        'k',
        '--skill',
        's',
        '--variant',
        'a=1',
        '--variant',
        'b=2',
        '--metric',
        'm',
        '--coverage',
        '1.5',
      ],
    ],
    [
      [
        'create',
        'k',
        '--skill',
        's',
        '--variant',
        'a=1',
        '--variant',
        'b=2',
        '--metric',
        'm',
        '--guardrail',
        'x:sideways',
      ],
    ],
    [['start']],
    [['start', 'a', 'b']],
    [['start', 'a', '--skill', 's']],
    [['list', 'a']],
  ])('refuses %j as usage (exit 2) without sending anything', async (args) => {
    const result = await run([...args, '--json'])
    expect(result.code).toBe(2)
    expect(result.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe('CLI_USAGE')
    expect(seen).toEqual([])
  })

  it('refuses an unknown action (exit 2, CLI_UNKNOWN_COMMAND) without sending anything', async () => {
    const result = await run(['frobnicate', 'a', '--json'])
    expect(result.code).toBe(2)
    expect(result.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'CLI_UNKNOWN_COMMAND',
    )
    expect(seen).toEqual([])
  })

  it.each(['start cr-3', 'show cr-3', 'list'])(
    '%s needs a token before sending anything',
    async (line) => {
      const args = line.split(' ')
      const noToken = { SKILLSHIP_REGISTRY: url, SKILLSHIP_HOME: `${work.root}/home-empty` }
      const result = await cli(['experiment', ...args, '--json'], work.root, { env: noToken })
      expect(result.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
        'REGISTRY_NOT_LOGGED_IN',
      )
      expect(seen).toEqual([])
    },
  )
})
