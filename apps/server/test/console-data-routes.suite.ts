import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ActivityEntry,
  activityPageSchema,
  checkWire,
  createRegistryClient,
  experimentHistorySchema,
  type RegistryClient,
  skillStatsSchema,
} from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenOffline } from '../src/app/offline-tokens.js'
import { type RunningServer, startServer } from '../src/app/start-server.js'
import { parseServerConfig } from '../src/config/server-config.js'
import { pollUntil } from './postgres/poll-until.js'
import { packTestSkill } from './registry-harness.js'

/**
 * The console's data routes on a real server and port: `GET /v1/skills/:name/stats`,
 * `GET /v1/experiments/:key/history` and `GET /v1/activity`. `env` picks the engine.
 */
export function describeConsoleDataRoutes(label: string, env: () => Record<string, string>): void {
  describe(`console data routes (${label}, real server)`, () => {
    let dataDir: string
    let server: RunningServer
    let admin: string
    let client: RegistryClient

    const api = async (path: string, token: string | null = admin, init: RequestInit = {}) => {
      const response = await fetch(`${server.url}${path}`, {
        ...init,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      })
      const text = await response.text()
      const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
      return { status: response.status, body }
    }
    const code = (body: Record<string, unknown>) => (body['error'] as { code?: string })?.code

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'skillship-console-data-'))
      const config = parseServerConfig({
        env: { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_STATS_FLUSH_MS: '100', ...env() },
        flags: { data: dataDir, port: '0' },
      })
      admin = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
      server = await startServer(config, { evaluatorIntervalMs: 25, snapshotEveryMs: 0 })
      client = createRegistryClient({ registry: server.url, token: admin })
    }, 60_000)

    afterAll(async () => {
      await server?.close()
      await rm(dataDir, { recursive: true, force: true })
    })

    describeStats(() => ({ server, admin, client, api, code }))
    describeActivity(() => ({ server, admin, client, api, code }))
    describeHistory(() => ({ server, admin, client, api, code }))
  })
}

interface Context {
  readonly server: RunningServer
  readonly admin: string
  readonly client: RegistryClient
  api(
    path: string,
    token?: string | null,
    init?: RequestInit,
  ): Promise<{ status: number; body: Record<string, unknown> }>
  code(body: Record<string, unknown>): string | undefined
}

function describeStats(context: () => Context): void {
  it('records loads per version with hits, percentiles and phases, and exports the phases', async () => {
    const { server, client, api } = context()
    await client.publish('charted', await packTestSkill('charted', '1.0.0'))
    await client.publish('charted', await packTestSkill('charted', '2.0.0'))
    for (let i = 0; i < 5; i++)
      expect((await fetch(`${server.url}/v1/load/charted`)).status).toBe(200)
    expect((await fetch(`${server.url}/v1/load/charted?range=^1`)).status).toBe(200)
    let stats = checkWire(skillStatsSchema, {})
    await pollUntil('six loads are recorded', async () => {
      stats = checkWire(skillStatsSchema, (await api('/v1/skills/charted/stats')).body)
      return stats.ok && stats.value.series.reduce((n, p) => n + p.loads, 0) === 6
    })
    if (!stats.ok) throw new Error(stats.problem)
    const today = new Date().toISOString().slice(0, 10)
    expect(stats.value.to).toBe(today)
    expect(stats.value.series.map((p) => [p.day, p.version, p.loads, p.hits])).toEqual([
      [today, '1.0.0', 1, 0],
      [today, '2.0.0', 5, 4],
    ])
    expect(stats.value.series[1]?.loadTimeMs.p95).not.toBeNull()
    expect(stats.value.phases.unpack).toBeGreaterThan(0)
    expect(stats.value.phases.resolve).toBeGreaterThan(0)
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    const unpacked = /skill_load_phase_duration_seconds_count\{phase="unpack"\} (\d+)/.exec(metrics)
    expect(Number(unpacked?.[1])).toBeGreaterThanOrEqual(2)
  })

  it('answers 30 days by default, as many as asked up to 90, and nothing for a skill never loaded', async () => {
    const { client, api } = context()
    await client.publish('quiet', await packTestSkill('quiet', '1.0.0'))
    const week = await api('/v1/skills/quiet/stats?days=7')
    expect(week.status).toBe(200)
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10)
    expect(week.body).toMatchObject({ name: 'quiet', from, series: [] })
    expect((await api('/v1/skills/quiet/stats')).body['from']).toBe(
      new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10),
    )
  })

  it.each(['0', '91', '-1', '1.5', 'abc', '9'.repeat(30)])(
    'refuses days=%s with REGISTRY_BAD_REQUEST',
    async (days) => {
      const { api, code } = context()
      const answer = await api(`/v1/skills/charted/stats?days=${days}`)
      expect([answer.status, code(answer.body)]).toEqual([400, 'REGISTRY_BAD_REQUEST'])
    },
  )

  it('hides the statistics of a private skill from callers who may not read it', async () => {
    const { server, client, api, code } = context()
    await client.publish('hidden-stats', await packTestSkill('hidden-stats', '1.0.0'), {
      access: 'private',
    })
    const reader = (
      await api('/v1/tokens', undefined, {
        method: 'POST',
        body: JSON.stringify({ name: 'stats-reader', scopes: ['read:hidden-*'] }),
      })
    ).body['token'] as string
    const outsider = (
      await api('/v1/tokens', undefined, {
        method: 'POST',
        body: JSON.stringify({ name: 'stats-outsider', scopes: ['read:other-*'] }),
      })
    ).body['token'] as string
    for (const token of [null, outsider]) {
      const answer = await api('/v1/skills/hidden-stats/stats', token)
      expect([answer.status, code(answer.body)]).toEqual([404, 'REGISTRY_NOT_FOUND'])
    }
    expect((await api('/v1/skills/hidden-stats/stats', reader)).status).toBe(200)
    expect((await fetch(`${server.url}/v1/skills/nope/stats`)).status).toBe(404)
  })
}

async function newToken(context: Context, name: string, scopes: string[]): Promise<string> {
  const created = await context.api('/v1/tokens', undefined, {
    method: 'POST',
    body: JSON.stringify({ name, scopes }),
  })
  return { ...created.body }['token'] as string
}

type Entry = ActivityEntry

async function allEntries(context: Context, token: string, limit: number): Promise<Entry[]> {
  const entries: Entry[] = []
  let before: string | null = ''
  while (before !== null) {
    const query: string = before === '' ? '' : `&before=${before}`
    const page = checkWire(
      activityPageSchema,
      (await context.api(`/v1/activity?limit=${limit}${query}`, token)).body,
    )
    if (!page.ok) throw new Error(`${page.path} ${page.problem}`)
    expect(page.value.entries.length).toBeLessThanOrEqual(limit)
    entries.push(...page.value.entries)
    before = page.value.next
  }
  return entries
}

function describeActivity(context: () => Context): void {
  it('logs every action newest first, pages through all of it, and filters by what a token sees', async () => {
    const c = context()
    const { client, api } = c
    await client.publish('logged', await packTestSkill('logged', '1.0.0'))
    await client.publish('logged', await packTestSkill('logged', '1.1.0'), { tag: 'next' })
    await client.publish('team-secret', await packTestSkill('team-secret', '1.0.0'), {
      access: 'private',
    })
    await api('/v1/skills/logged/dist-tags/beta', undefined, {
      method: 'PUT',
      body: JSON.stringify({ version: '1.0.0' }),
    })
    await api('/v1/skills/logged/dist-tags/beta', undefined, { method: 'DELETE' })
    await api('/v1/skills/logged/versions/1.0.0', undefined, {
      method: 'PATCH',
      body: JSON.stringify({ deprecated: 'use 1.1', yanked: true }),
    })
    await api('/v1/skills/logged', undefined, {
      method: 'PATCH',
      body: JSON.stringify({ private: false }),
    })
    const team = await newToken(c, 'team', ['read:team-*'])
    const revoked = await api('/v1/tokens', undefined, {
      method: 'POST',
      body: JSON.stringify({ name: 'short-lived', scopes: ['read:*'] }),
    })
    const revokedId = String(revoked.body['id'])
    await api(`/v1/tokens/${revokedId}`, undefined, { method: 'DELETE' })

    const everything = await allEntries(c, c.admin, 3)
    const mine = everything.filter(
      (e) =>
        e.target === revokedId || /logged|team-secret|short-lived|team/.test(JSON.stringify(e)),
    )
    expect(mine.map((e) => [e.action, e.target]).reverse()).toEqual([
      ['publish', 'logged@1.0.0'],
      ['publish', 'logged@1.1.0'],
      ['publish', 'team-secret@1.0.0'],
      ['dist-tag.set', 'logged'],
      ['dist-tag.remove', 'logged'],
      ['deprecate', 'logged@1.0.0'],
      ['yank', 'logged@1.0.0'],
      ['visibility', 'logged'],
      ['token.create', expect.any(String)],
      ['token.create', revokedId],
      ['token.revoke', revokedId],
    ])
    expect(mine.at(-2)).toMatchObject({ actor: 'admin', details: { tag: 'next', private: false } })
    const ids = everything.map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(new Set(ids).size).toBe(ids.length)

    const seenByTeam = await allEntries(c, team, 100)
    const actions = new Set(seenByTeam.map((e) => e.action))
    expect(actions.has('token.create')).toBe(false)
    expect(seenByTeam.some((e) => e.target === 'team-secret@1.0.0')).toBe(true)
    const outsider = await newToken(c, 'outsider', ['read:other-*'])
    const seenByOutsider = await allEntries(c, outsider, 100)
    expect(seenByOutsider.some((e) => e.target.startsWith('team-secret'))).toBe(false)
    expect(seenByOutsider.some((e) => e.target === 'logged@1.1.0')).toBe(true)
  })

  it('logs nothing for an action that failed', async () => {
    const c = context()
    const { client, api } = c
    await client.publish('refused', await packTestSkill('refused', '1.0.0'))
    const before = await allEntries(c, c.admin, 100)
    const failed = [
      // The version exists (409), a tag to a missing version, a yank of a missing version,
      // revoking an unknown token, starting an unknown experiment.
      await api('/v1/skills/refused', undefined, {
        method: 'PUT',
        body: (await packTestSkill('refused', '1.0.0')) as unknown as string,
      }),
      await api('/v1/skills/refused/dist-tags/beta', undefined, {
        method: 'PUT',
        body: JSON.stringify({ version: '9.9.9' }),
      }),
      await api('/v1/skills/refused/versions/9.9.9', undefined, {
        method: 'PATCH',
        body: JSON.stringify({ yanked: true }),
      }),
      await api('/v1/tokens/no-such-token', undefined, { method: 'DELETE' }),
      await api('/v1/experiments/no-such-experiment/start', undefined, { method: 'POST' }),
    ]
    for (const answer of failed) expect(answer.status).toBeGreaterThanOrEqual(400)
    expect(await allEntries(c, c.admin, 100)).toEqual(before)
  })

  it('needs a token', async () => {
    const { api, code } = context()
    const answer = await api('/v1/activity', null)
    expect([answer.status, code(answer.body)]).toEqual([401, 'REGISTRY_UNAUTHORIZED'])
  })

  it.each([
    'limit=0',
    'limit=101',
    'limit=ten',
    'before=0',
    'before=-5',
    'before=abc',
    `before=${'9'.repeat(40)}`,
  ])('refuses %s with REGISTRY_BAD_REQUEST', async (query) => {
    const { api, code } = context()
    const answer = await api(`/v1/activity?${query}`)
    expect([answer.status, code(answer.body)]).toEqual([400, 'REGISTRY_BAD_REQUEST'])
  })
}

function describeHistory(context: () => Context): void {
  it('draws a daily point per arm with the always-valid lift, and logs the experiment actions', async () => {
    const c = context()
    const { server, client, api } = c
    await client.publish('tested', await packTestSkill('tested', '1.0.0'))
    await client.publish('tested', await packTestSkill('tested', '2.0.0'))
    const post = (path: string, body?: unknown) =>
      api(path, undefined, {
        method: 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    await post('/v1/experiments', {
      key: 'tested-1',
      skill: 'tested',
      variants: [
        { key: 'control', version: '1.0.0', weight: 1 },
        { key: 'b', version: '2.0.0', weight: 1 },
      ],
      primaryMetric: 'success',
    })
    expect((await post('/v1/experiments/tested-1/start')).status).toBe(200)
    const events = []
    for (let i = 0; i < 200; i++) {
      const load = await fetch(`${server.url}/v1/load/tested`, {
        headers: { 'x-skillship-user': `u${i}` },
      })
      const variant = load.headers.get('x-skillship-variant')
      await load.arrayBuffer()
      const rate = variant === 'b' ? 3 : 2
      events.push({
        id: `e${i}`,
        skill: 'tested',
        user: `u${i}`,
        metric: 'success',
        value: i % 4 < rate ? 1 : 0,
      })
    }
    expect((await post('/v1/events', { events })).status).toBe(200)
    let history = checkWire(experimentHistorySchema, {})
    await pollUntil('the snapshot holds every event', async () => {
      history = checkWire(
        experimentHistorySchema,
        (await api('/v1/experiments/tested-1/history')).body,
      )
      const arms = history.ok ? (history.value.points.at(-1)?.arms ?? []) : []
      return arms.reduce((n, arm) => n + arm.n, 0) === 200
    })
    if (!history.ok) throw new Error(history.problem)
    const point = history.value.points.at(-1)
    expect(history.value).toMatchObject({ id: 'tested-1', metric: 'success' })
    expect(point?.day).toBe(new Date().toISOString().slice(0, 10))
    expect(point?.arms.map((arm) => [arm.key, arm.version])).toEqual([
      ['control', '1.0.0'],
      ['b', '2.0.0'],
    ])
    const [control, b] = point?.arms ?? []
    expect(control?.conversions).toBe(control?.sum)
    expect(b?.users).toBeGreaterThan(0)
    expect(point?.lift).toEqual(b?.lift)
    expect(point?.lift?.lower).toBeLessThan(point?.lift?.estimate ?? Number.NaN)
    expect(point?.lift?.upper).toBeGreaterThan(point?.lift?.estimate ?? Number.NaN)

    expect((await post('/v1/experiments/tested-1/stop', { reason: 'enough' })).status).toBe(200)
    const log = await allEntries(c, c.admin, 100)
    expect(log.filter((e) => e.target === 'tested-1').map((e) => e.action)).toEqual([
      'experiment.stop',
      'experiment.start',
      'experiment.create',
    ])
  })

  it('keeps the history to those who may manage the experiment', async () => {
    const c = context()
    const reader = await newToken(c, 'history-reader', ['read:*'])
    for (const [token, status, code] of [
      [null, 401, 'REGISTRY_UNAUTHORIZED'],
      [reader, 403, 'REGISTRY_FORBIDDEN'],
    ] as const) {
      const answer = await c.api('/v1/experiments/tested-1/history', token)
      expect([answer.status, c.code(answer.body)]).toEqual([status, code])
    }
    const missing = await c.api('/v1/experiments/none-such/history')
    expect([missing.status, c.code(missing.body)]).toEqual([404, 'EXPERIMENT_NOT_FOUND'])
  })
}
