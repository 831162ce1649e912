import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createRegistryClient,
  type ExperimentDocument,
  type ExperimentReport,
} from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AvailablePostgresTestDatabase,
  createPostgresTestDatabase,
} from '../../test/postgres/postgres-test-database.js'
import { packTestSkill } from '../../test/registry-harness.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { type RunningServer, startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'

// Finding 3 of issue 15 (anonymous rollback of a public skill) and the event checks of finding
// 9, end to end over a real port against the real server, on SQLite and on PostgreSQL.

let dataDir: string
let server: RunningServer
let database: AvailablePostgresTestDatabase | undefined
type Engine = 'sqlite' | 'postgres'
const tokens: Record<string, string> = {}

interface ErrorAnswer {
  readonly error: { code: string; hint?: string; details?: Record<string, unknown> }
}

async function startRegistry(engine: Engine): Promise<void> {
  dataDir = await mkdtemp(join(tmpdir(), 'skillship-exp-attack-'))
  database = engine === 'postgres' ? await createPostgresTestDatabase() : undefined
  const config = parseServerConfig({
    env: {
      SKILLSHIP_LOG_LEVEL: 'silent',
      ...(database === undefined ? {} : { DATABASE_URL: database.url }),
    },
    flags: { data: dataDir, port: '0' },
  })
  const scopes: Record<string, string[]> = {
    admin: ['admin'],
    owner: ['events:target'],
    canary: ['events:canary'],
    publisher: ['publish:target'],
    other: ['events:other-skill'],
    flood: ['events:target'],
    reader: ['read:*'],
  }
  for (const [name, list] of Object.entries(scopes)) {
    tokens[name] = (await createTokenOffline(config, { name, scopes: list })).token
  }
  server = await startServer(config, {
    evaluatorIntervalMs: 25,
    eventLimits: { perUser: 20, perToken: 2000 },
  })
  const client = createRegistryClient({ registry: server.url, token: tokens['admin'] ?? '' })
  for (const skill of ['target', 'canary']) {
    await client.publish(skill, await packTestSkill(skill, '1.0.0'))
    await client.publish(skill, await packTestSkill(skill, '2.0.0'))
  }
}

async function stopRegistry(): Promise<void> {
  await server?.close()
  await database?.drop()
  await rm(dataDir, { recursive: true, force: true })
}

async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string | undefined; user?: string } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.user === undefined ? {} : { 'x-skillship-user': options.user }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  })
  return { status: response.status, body: (await response.json()) as T, headers: response.headers }
}

async function createAndStart(key: string, skill: string, extra: object = {}): Promise<void> {
  const created = await api('POST', '/v1/experiments', {
    token: tokens['admin'],
    body: {
      key,
      skill,
      variants: [
        { key: 'control', version: '1.0.0', weight: 1 },
        { key: 'b', version: '2.0.0', weight: 1 },
      ],
      primaryMetric: 'success',
      ...extra,
    },
  })
  expect(created.status).toBe(201)
  const started = await api('POST', `/v1/experiments/${key}/start`, { token: tokens['admin'] })
  expect(started.status).toBe(200)
}

const report = async (key: string) =>
  (await api<ExperimentReport>('GET', `/v1/experiments/${key}/report`, { token: tokens['admin'] }))
    .body

const status = async (key: string) =>
  (await api<ExperimentDocument>('GET', `/v1/experiments/${key}`, { token: tokens['admin'] })).body

// Users 0..count assigned through loads; returns their arm by user.
async function loadUsers(skill: string, prefix: string, count: number, token?: string) {
  const arms = new Map<string, string>()
  for (let i = 0; i < count; i++) {
    const user = `${prefix}-${i}`
    const answer = await api<{ version: string }>('GET', `/v1/load/${skill}`, { user, token })
    expect(answer.status).toBe(200)
    arms.set(user, answer.headers.get('x-skillship-variant') ?? 'none')
  }
  return arms
}

const versionOf = (variant: string | undefined) => (variant === 'b' ? '2.0.0' : '1.0.0')

describe.each<Engine>(['sqlite', 'postgres'])(
  'events cannot steer an experiment (real server, %s)',
  (engine) => {
    beforeAll(() => startRegistry(engine))
    afterAll(stopRegistry)

    it('refuses posted values of the metrics the server measures itself, and values out of range', async () => {
      await createAndStart('measured', 'target', { guardrails: [] })
      const arms = await loadUsers('target', 'measured', 4)
      const [user, variant] = [...arms][0] ?? ['', '']
      for (const metric of ['load_time_ms', 'error']) {
        const answer = await api<ErrorAnswer>('POST', '/v1/events', {
          token: tokens['admin'],
          body: {
            events: [
              {
                id: `m-${metric}`,
                skill: 'target',
                version: versionOf(variant),
                user,
                metric,
                value: 1,
              },
            ],
          },
        })
        expect(answer.status).toBe(400)
        expect(answer.body.error.code).toBe('EXPERIMENT_EVENTS_INVALID')
        expect(answer.body.error.details).toMatchObject({ index: 0, field: 'metric' })
      }
      // Finding 9: a 0/1 metric takes only 0 and 1, and no value may make a sum overflow.
      for (const [metric, value] of [
        ['success', 7],
        ['success', -5],
        ['size', 1e308],
      ] as const) {
        const answer = await api<ErrorAnswer>('POST', '/v1/events', {
          token: tokens['owner'],
          body: {
            events: [
              { id: 'v', skill: 'target', version: versionOf(variant), user, metric, value },
            ],
          },
        })
        expect(answer.status).toBe(400)
        expect(answer.body.error.details).toMatchObject({ index: 0, field: 'value' })
      }
      for (const arm of (await report('measured')).arms) {
        expect(arm.metrics['success']).toBeUndefined()
        expect(arm.metrics['size']).toBeUndefined()
      }
      await api('POST', '/v1/experiments/measured/stop', { token: tokens['admin'] })
    })

    it('needs a token whose events scope covers the skill of every event', async () => {
      await createAndStart('scoped', 'target', { guardrails: [] })
      const arms = await loadUsers('target', 'scoped', 4)
      const events = [...arms].map(([user, variant], i) => ({
        id: `s-${i}`,
        skill: 'target',
        version: versionOf(variant),
        user,
        metric: 'success',
        value: 1,
      }))
      const post = (token: string | undefined, batch = events) =>
        api<ErrorAnswer & { accepted: number }>('POST', '/v1/events', {
          token,
          body: { events: batch },
        })
      const anonymous = await post(undefined)
      expect(anonymous.status).toBe(401)
      expect(anonymous.body.error.code).toBe('REGISTRY_UNAUTHORIZED')
      expect(anonymous.body.error.hint).toContain('--scope events:')
      for (const name of ['other', 'reader']) {
        const refused = await post(tokens[name])
        expect(refused.status).toBe(403)
        expect(refused.body.error.code).toBe('REGISTRY_FORBIDDEN')
        expect(refused.body.error.details).toMatchObject({ index: 0, skill: 'target' })
      }
      // One event of another skill refuses the whole batch: nothing is counted.
      const mixed = await post(tokens['owner'], [
        ...events.slice(0, 2),
        { ...events[2], id: 'x', skill: 'canary' } as (typeof events)[number],
      ])
      expect(mixed.status).toBe(403)
      expect(mixed.body.error.details).toMatchObject({ index: 2, skill: 'canary' })
      expect(
        (await report('scoped')).arms.every((arm) => arm.metrics['success'] === undefined),
      ).toBe(true)
      expect((await post(tokens['owner'], events.slice(0, 2))).body.accepted).toBe(2)
      expect((await post(tokens['publisher'], events.slice(2))).body.accepted).toBe(
        events.length - 2,
      )
      await api('POST', '/v1/experiments/scoped/stop', { token: tokens['admin'] })
    })

    it('limits events per user and per token with 429 and Retry-After, counting nothing refused', async () => {
      await createAndStart('limited', 'target', { guardrails: [] })
      const [[user, variant]] = [...(await loadUsers('target', 'limited', 1))] as [[string, string]]
      const event = {
        skill: 'target',
        version: versionOf(variant),
        user,
        metric: 'success',
        value: 1,
      }
      const events = Array.from({ length: 21 }, (_, i) => ({ ...event, id: `l-${i}` }))
      const post = (token: string | undefined, batch: readonly object[]) =>
        api<ErrorAnswer>('POST', '/v1/events', { token, body: { events: batch } })
      const refused = await post(tokens['owner'], events)
      expect(refused.status).toBe(429)
      expect(refused.body.error).toMatchObject({
        code: 'EXPERIMENT_EVENTS_LIMITED',
        details: { limit: 'user', user },
      })
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(
        (await report('limited')).arms.every((arm) => arm.metrics['success'] === undefined),
      ).toBe(true)
      expect((await post(tokens['owner'], events.slice(0, 20))).status).toBe(200)
      const many = (round: number) =>
        Array.from({ length: 1000 }, (_, i) => ({
          ...event,
          id: `f-${round}-${i}`,
          user: `f-${i}`,
        }))
      expect((await post(tokens['flood'], many(0))).status).toBe(200)
      expect((await post(tokens['flood'], many(1))).status).toBe(200)
      const flooded = await post(tokens['flood'], many(2))
      expect(flooded.status).toBe(429)
      expect(flooded.body.error.details).toMatchObject({ limit: 'token' })
      await api('POST', '/v1/experiments/limited/stop', { token: tokens['admin'] })
    })

    it('cannot be rolled back by anonymous loads and events nobody may post for it', async () => {
      await createAndStart('attacked', 'target', {
        guardrails: [
          { metric: 'load_time_ms', direction: 'lower-is-better' },
          { metric: 'error', direction: 'lower-is-better' },
          { metric: 'task_error', direction: 'lower-is-better' },
        ],
      })
      const { arms, trustedArm } = await attackWithLoads()
      await attackWithEvents(arms)
      // The server's own measurements of those loads arrive (flushed every second): each user once.
      const exposed = (await report('attacked')).arms
      expect(await anonymousMeasurements('attacked', 200)).toBe(200)
      await canaryRolledBack()
      // The evaluator looked at the attacked experiment (the canary ended in a later look) and left it.
      const after = await status('attacked')
      expect(after.status).toBe('running')
      expect(after.decision).toBeNull()
      const final = await trustedMeasurementArrived('attacked', trustedArm)
      for (const arm of final.arms) {
        expect(arm.metrics['task_error']).toBeUndefined()
        const trustedLoads = arm.variant === trustedArm ? 1 : undefined
        const users = exposed.find((a) => a.variant === arm.variant)?.users ?? 0
        expect(arm.metrics['error.anonymous']?.n).toBe(users - (trustedLoads ?? 0))
        expect(arm.metrics['load_time_ms']?.n).toBe(trustedLoads)
        expect(arm.metrics['error']?.n).toBe(trustedLoads)
      }
      const dist = await api<{ distTags: Record<string, string> }>(
        'GET',
        '/v1/skills/target/dist-tags',
      )
      expect(dist.body.distTags['latest']).toBe('2.0.0')
      await api('POST', '/v1/experiments/attacked/stop', { token: tokens['admin'] })
    })
  },
)

// Anonymous loads with invented ids: 200 exposures, the treatment's users loaded 3 times more;
// and one user loading five times with the owner's token (a trusted measurement, counted once).
async function attackWithLoads() {
  const arms = await loadUsers('target', 'atk', 200)
  const treated = [...arms].filter(([, variant]) => variant === 'b').map(([user]) => user)
  for (const user of treated) {
    for (let i = 0; i < 3; i++) await api('GET', '/v1/load/target', { user })
  }
  const trusted = await api('GET', '/v1/load/target', { user: 'trusted', token: tokens['owner'] })
  for (let i = 0; i < 4; i++) {
    await api('GET', '/v1/load/target', { user: 'trusted', token: tokens['owner'] })
  }
  return { arms, trustedArm: trusted.headers.get('x-skillship-variant') ?? '' }
}

// Skewing events (1s and slow loads for the treatment, 0s and fast ones for the control), posted
// anonymously, with another skill's token, with a read token, and the server's metrics by the owner.
async function attackWithEvents(arms: ReadonlyMap<string, string>): Promise<void> {
  const skewed = [...arms].flatMap(([user, variant], i) =>
    ['task_error', 'load_time_ms', 'error'].map((metric) => ({
      id: `atk-${metric}-${i}`,
      skill: 'target',
      version: versionOf(variant),
      user,
      metric,
      value: variant === 'b' ? (metric === 'load_time_ms' ? 5000 : 1) : 0,
    })),
  )
  const taskErrors = skewed.filter((event) => event.metric === 'task_error')
  const refusals = [
    [undefined, 401],
    [tokens['other'], 403],
    [tokens['reader'], 403],
  ] as const
  for (const [token, expected] of refusals) {
    for (let at = 0; at < taskErrors.length; at += 20) {
      const batch = taskErrors.slice(at, at + 20)
      const answer = await api('POST', '/v1/events', { token, body: { events: batch } })
      expect(answer.status).toBe(expected)
    }
  }
  const owner = await api('POST', '/v1/events', {
    token: tokens['owner'],
    body: { events: skewed },
  })
  expect(owner.status).toBe(400)
}

// Polls (deadline 10 s) until the server's anonymous measurements of `expected` users arrived
// (the observation queue flushes every second); returns how many did.
async function anonymousMeasurements(key: string, expected: number): Promise<number> {
  const deadline = Date.now() + 10_000
  let arrived = 0
  while (Date.now() < deadline) {
    const arms = (await report(key)).arms
    arrived = arms.reduce((sum, arm) => sum + (arm.metrics['load_time_ms.anonymous']?.n ?? 0), 0)
    if (arrived >= expected) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return arrived
}

// Polls (deadline 10 s) until the server's measurement of the one token-carrying load arrived in
// `trustedArm` (the observation queue flushes every second, later under load); returns the report.
async function trustedMeasurementArrived(key: string, trustedArm: string) {
  const deadline = Date.now() + 10_000
  let current = await report(key)
  while (Date.now() < deadline) {
    const arm = current.arms.find((candidate) => candidate.variant === trustedArm)
    if (arm?.metrics['load_time_ms']?.n === 1) break
    await new Promise((resolve) => setTimeout(resolve, 50))
    current = await report(key)
  }
  return current
}

// A second experiment its owner drives to a rollback with real, scoped events: once it has
// rolled back, the evaluator has looked at every experiment created before it after the
// attack's data were stored (one look visits all running experiments in creation order).
async function canaryRolledBack(): Promise<void> {
  await createAndStart('canary-check', 'canary', {
    guardrails: [{ metric: 'latency', direction: 'lower-is-better' }],
  })
  const arms = await loadUsers('canary', 'canary-user', 60, tokens['canary'])
  const events = [...arms].map(([user, variant], i) => ({
    id: `c-${i}`,
    skill: 'canary',
    version: versionOf(variant),
    user,
    metric: 'latency',
    value: (variant === 'b' ? 300 : 100) + (i % 10),
  }))
  const posted = await api('POST', '/v1/events', { token: tokens['canary'], body: { events } })
  expect(posted.status).toBe(200)
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline && (await status('canary-check')).status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  expect((await status('canary-check')).status).toBe('rolled-back')
}
