import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createRegistryClient,
  type EventsResponse,
  type ExperimentDocument,
  type ExperimentReport,
  type OutcomeEvent,
  type RegistryClient,
} from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../test/registry-harness.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { type RunningServer, startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'

let dataDir: string
let server: RunningServer
let adminToken: string
let client: RegistryClient

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'skillship-experiments-'))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: dataDir, port: '0' },
  })
  adminToken = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
  server = await startServer(config, { evaluatorIntervalMs: 25 })
  client = createRegistryClient({ registry: server.url, token: adminToken })
})

afterAll(async () => {
  await server?.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = adminToken,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as T }
}

async function load(skill: string, user?: string) {
  const response = await fetch(`${server.url}/v1/load/${skill}`, {
    headers: user === undefined ? {} : { 'x-skillship-user': user },
  })
  const body = (await response.json()) as { version: string }
  return {
    status: response.status,
    version: body.version,
    experiment: response.headers.get('x-skillship-experiment'),
    variant: response.headers.get('x-skillship-variant'),
    cacheControl: response.headers.get('cache-control'),
  }
}

async function publishTwo(skill: string): Promise<void> {
  await client.publish(skill, await packTestSkill(skill, '1.0.0'))
  await client.publish(skill, await packTestSkill(skill, '2.0.0'))
}

async function createAndStart(key: string, skill: string, extra: object = {}) {
  const created = await api<ExperimentDocument>('POST', '/v1/experiments', {
    key,
    skill,
    variants: [
      { key: 'control', version: '1.0.0', weight: 1 },
      { key: 'b', version: '2.0.0', weight: 1 },
    ],
    primaryMetric: 'success',
    ...extra,
  })
  expect(created.status).toBe(201)
  expect(created.body.status).toBe('draft')
  const started = await api<ExperimentDocument>('POST', `/v1/experiments/${key}/start`)
  expect(started.body.status).toBe('running')
  return started.body
}

// Assigns users `from..to` (sticky, through the assignment route installs use) and returns them
// by arm.
async function assignUsers(skill: string, from: number, to: number, arms: Map<string, string[]>) {
  for (let i = from; i < to; i++) {
    const user = `${skill}-user-${i}`
    const { body } = await api<{ variant: string | null }>(
      'GET',
      `/v1/experiments/assignment?skill=${skill}&user=${user}`,
    )
    if (body.variant === null) continue
    const list = arms.get(body.variant) ?? []
    list.push(user)
    arms.set(body.variant, list)
  }
}

async function postEvents(events: readonly OutcomeEvent[]): Promise<EventsResponse> {
  let total = { accepted: 0, duplicates: 0, ignored: 0 }
  for (let at = 0; at < events.length; at += 1000) {
    const { status, body } = await api<EventsResponse>('POST', '/v1/events', {
      events: events.slice(at, at + 1000),
    })
    expect(status).toBe(200)
    total = {
      accepted: total.accepted + body.accepted,
      duplicates: total.duplicates + body.duplicates,
      ignored: total.ignored + body.ignored,
    }
  }
  return total
}

// One `task_error` event per user not reported yet: exactly 2% errors in control, 5% in b.
function errorEvents(arms: Map<string, string[]>, counted: Map<string, number>): OutcomeEvent[] {
  const events: OutcomeEvent[] = []
  for (const [variant, users] of arms) {
    const period = variant === 'control' ? 50 : 20
    users.slice(counted.get(variant) ?? 0).forEach((user, offset) => {
      const j = (counted.get(variant) ?? 0) + offset
      events.push({
        id: `faulty-${variant}-${j}`,
        skill: 'faulty',
        version: variant === 'control' ? '1.0.0' : '2.0.0',
        user,
        metric: 'task_error',
        value: j % period === period - 1 ? 1 : 0,
      })
    })
    counted.set(variant, users.length)
  }
  return events
}

describe('experiments end to end (SQLite, real server)', () => {
  it('serves each user a sticky arm, names it, and gives users without an id the control', async () => {
    await publishTwo('sticky')
    await createAndStart('sticky-test', 'sticky')
    const seen = new Map<string, string>()
    for (let i = 0; i < 40; i++) {
      const first = await load('sticky', `u${i}`)
      const again = await load('sticky', `u${i}`)
      expect(again).toEqual(first)
      expect(first.experiment).toBe('sticky-test')
      expect(first.cacheControl).toBe('private, no-cache')
      expect(first.version).toBe(first.variant === 'control' ? '1.0.0' : '2.0.0')
      seen.set(`u${i}`, first.variant ?? '')
    }
    expect(new Set(seen.values())).toEqual(new Set(['control', 'b']))
    // No user id: control (1.0.0, though `latest` is 2.0.0), no exposure, no headers.
    for (let i = 0; i < 3; i++) {
      const anonymous = await load('sticky')
      expect(anonymous.version).toBe('1.0.0')
      expect(anonymous.experiment).toBeNull()
    }
    // A pinned load is not part of the experiment.
    const pinned = await fetch(`${server.url}/v1/load/sticky?range=2.0.0`, {
      headers: { 'x-skillship-user': 'u0' },
    })
    expect(pinned.headers.get('x-skillship-experiment')).toBeNull()
    const report = await api<ExperimentReport>('GET', '/v1/experiments/sticky-test/report')
    const users = report.body.arms.reduce((sum, arm) => sum + arm.users, 0)
    expect(users).toBe(40)
    // Automatic guardrail observations of the loads (flushed every second).
    await new Promise((resolve) => setTimeout(resolve, 1300))
    const later = await api<ExperimentReport>('GET', '/v1/experiments/sticky-test/report')
    // Anonymous loads: each user counted once, apart from the guardrails' trusted metrics.
    const error = (arm: ExperimentReport['arms'][number]) => arm.metrics['error.anonymous']
    const loads = later.body.arms.reduce((sum, arm) => sum + (error(arm)?.n ?? 0), 0)
    expect(loads).toBe(40)
    expect(later.body.arms.every((arm) => error(arm)?.sum === 0)).toBe(true)
    expect(later.body.arms.every((arm) => arm.metrics['load_time_ms'] === undefined)).toBe(true)
    // MCP: the same arm, named in `_meta`.
    const mcp = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'x-skillship-user': 'u0',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'load_skill', arguments: { name: 'sticky' } },
      }),
    })
    const answer = (await mcp.json()) as {
      result: { structuredContent: { version: string }; _meta: Record<string, string> }
    }
    expect(answer.result._meta).toMatchObject({
      'skillship/experiment': 'sticky-test',
      'skillship/variant': seen.get('u0'),
    })
    expect(answer.result.structuredContent.version).toBe((await load('sticky', 'u0')).version)
    await api('POST', '/v1/experiments/sticky-test/stop')
    expect((await load('sticky', 'u0')).version).toBe('2.0.0')
  })

  it('validates events as a batch, counts each id once, and ignores unassigned users', async () => {
    await publishTwo('events')
    await createAndStart('events-test', 'events')
    const variant = (await load('events', 'alice')).variant
    const version = variant === 'control' ? '1.0.0' : '2.0.0'
    const event = { skill: 'events', version, user: 'alice', metric: 'success', value: 1 }
    const bad = await api<{ error: { code: string; details: { index: number } } }>(
      'POST',
      '/v1/events',
      {
        events: [
          { ...event, id: 'e1' },
          { ...event, id: 'e2', value: 'yes' },
        ],
      },
    )
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('EXPERIMENT_EVENTS_INVALID')
    expect(bad.body.error.details.index).toBe(1)
    const tooMany = await api('POST', '/v1/events', {
      events: Array.from({ length: 1001 }, (_, i) => ({ ...event, id: `m${i}` })),
    })
    expect(tooMany.status).toBe(400)
    const first = await postEvents([
      { ...event, id: 'e1' },
      { ...event, id: 'e2' },
      { ...event, id: 'e3', user: 'nobody' },
      { ...event, id: 'e4', version: '9.9.9' },
    ])
    expect(first).toEqual({ accepted: 2, duplicates: 0, ignored: 2 })
    const retried = await postEvents([{ ...event, id: 'e1' }])
    expect(retried).toEqual({ accepted: 0, duplicates: 1, ignored: 0 })
    // Without a version, an event counts into the arm the user is assigned.
    const { version: _, ...unversioned } = event
    expect(await postEvents([{ ...unversioned, id: 'e6' }])).toEqual({
      accepted: 1,
      duplicates: 0,
      ignored: 0,
    })
    const anonymous = await api<EventsResponse>(
      'POST',
      '/v1/events',
      { events: [{ ...event, id: 'e5' }] },
      null,
    )
    expect(anonymous.status).toBe(401)
    const report = await api<ExperimentReport>('GET', '/v1/experiments/events-test/report')
    const arm = report.body.arms.find((candidate) => candidate.variant === variant)
    expect(arm?.metrics['success']).toEqual({ n: 3, sum: 3, sumSquares: 3 })
    await api('POST', '/v1/experiments/events-test/stop')
  })

  it('refuses anonymous and unscoped management, and invalid definitions with the field', async () => {
    await publishTwo('guarded-api')
    const body = {
      key: 'g-1',
      skill: 'guarded-api',
      variants: [
        { key: 'control', version: '1.0.0', weight: 1 },
        { key: 'b', version: '2.0.0', weight: 1 },
      ],
      primaryMetric: 'success',
    }
    expect((await api('POST', '/v1/experiments', body, null)).status).toBe(401)
    const reader = await createTokenOffline(
      parseServerConfig({ env: {}, flags: { data: dataDir } }),
      { name: 'reader', scopes: ['read:*'] },
    )
    expect((await api('POST', '/v1/experiments', body, reader.token)).status).toBe(403)
    const unpublished = await api<{ error: { code: string; details: { field: string } } }>(
      'POST',
      '/v1/experiments',
      { ...body, variants: [body.variants[0], { key: 'b', version: '3.0.0', weight: 1 }] },
    )
    expect(unpublished.status).toBe(422)
    expect(unpublished.body.error).toMatchObject({
      code: 'EXPERIMENT_INVALID',
      details: { field: 'variants[1].version' },
    })
    expect((await api('POST', '/v1/experiments', body)).status).toBe(201)
    expect((await api('POST', '/v1/experiments', body)).status).toBe(409)
    expect((await api('GET', '/v1/experiments/none')).status).toBe(404)
    const list = await api<{ experiments: ExperimentDocument[] }>(
      'GET',
      '/v1/experiments?skill=guarded-api',
    )
    expect(list.body.experiments.map((e) => e.key)).toEqual(['g-1'])
  })

  // Up to ~1,400 assignments and event posts over HTTP, each awaited: more than the default 30 s on a
  // loaded 2-core machine (it failed that way before issue 15's changes too), so a larger budget.
  it('rolls back a variant with a higher error rate within the documented events, then serves control', async () => {
    await publishTwo('faulty')
    await createAndStart('faulty-test', 'faulty', {
      guardrails: [{ metric: 'task_error', direction: 'lower-is-better' }],
    })
    const arms = new Map<string, string[]>()
    const counted = new Map<string, number>()
    let status = 'running'
    let next = 0
    // 2% errors in control, 5% in b: docs/experiments.md §8 expects about 700 units per arm.
    while (status === 'running' && next < 4000) {
      await assignUsers('faulty', next, next + 200, arms)
      next += 200
      const events = errorEvents(arms, counted)
      // The evaluator may end the experiment between the status check and this post: its events
      // are then ignored, never lost or miscounted.
      const answer = await postEvents(events)
      expect(answer.accepted + answer.ignored).toBe(events.length)
      await new Promise((resolve) => setTimeout(resolve, 150))
      status = (await api<ExperimentDocument>('GET', '/v1/experiments/faulty-test')).body.status
    }
    const experiment = (await api<ExperimentDocument>('GET', '/v1/experiments/faulty-test')).body
    expect(experiment.status).toBe('rolled-back')
    expect(experiment.decision).toMatchObject({ action: 'rolled-back', by: 'evaluator' })
    expect(experiment.decision?.reason).toContain('guardrail task_error is worse in b')
    const unitsB = arms.get('b')?.length ?? 0
    expect(unitsB).toBeLessThanOrEqual(1000)
    expect(unitsB).toBeGreaterThan(100)
    // The next loads serve control, to everyone, outside any experiment.
    const bUser = arms.get('b')?.[0] ?? ''
    const after = await load('faulty', bUser)
    expect(after.version).toBe('1.0.0')
    expect(after.experiment).toBeNull()
    expect((await load('faulty')).version).toBe('1.0.0')
  }, 120_000)

  it('promotes a variant with a real lift: the dist-tag moves and loads serve it', async () => {
    await publishTwo('lifted')
    await client.setDistTag('lifted', 'latest', '1.0.0')
    await createAndStart('lift-test', 'lifted', { guardrails: [] })
    const arms = new Map<string, string[]>()
    await assignUsers('lifted', 0, 1000, arms)
    const events: OutcomeEvent[] = []
    for (const [variant, users] of arms) {
      // success: 30% in control, 45% in b.
      const rate = variant === 'control' ? 0.3 : 0.45
      users.forEach((user, j) => {
        events.push({
          id: `lift-${user}`,
          skill: 'lifted',
          version: variant === 'control' ? '1.0.0' : '2.0.0',
          user,
          metric: 'success',
          value: Math.floor((j + 1) * rate) > Math.floor(j * rate) ? 1 : 0,
        })
      })
    }
    await postEvents(events)
    const report = (await api<ExperimentReport>('GET', '/v1/experiments/lift-test/report')).body
    const comparison = report.primary[0]
    expect(comparison?.variant).toBe('b')
    expect(comparison?.lift).toBeCloseTo(0.5, 1)
    expect(comparison?.pValue).toBeLessThan(0.05)
    expect(comparison?.chanceToWin).toBeGreaterThan(0.99)
    expect(comparison?.liftInterval?.[0]).toBeGreaterThan(0)
    expect(report.srmPValue).toBeGreaterThan(0.001)
    const promoted = await api<ExperimentDocument>('POST', '/v1/experiments/lift-test/promote')
    expect(promoted.status).toBe(200)
    expect(promoted.body.status).toBe('promoted')
    expect(promoted.body.decision).toMatchObject({ action: 'promoted', by: 'admin' })
    expect((await client.getDistTags('lifted')).distTags['latest']).toBe('2.0.0')
    expect((await load('lifted')).version).toBe('2.0.0')
    const controlUser = arms.get('control')?.[0] ?? ''
    expect(await load('lifted', controlUser)).toMatchObject({ version: '2.0.0', experiment: null })
    const again = await api<{ error: { code: string } }>(
      'POST',
      '/v1/experiments/lift-test/rollback',
    )
    expect(again.body.error.code).toBe('EXPERIMENT_CONFLICT')
  })
})
