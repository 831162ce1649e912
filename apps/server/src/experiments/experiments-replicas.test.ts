import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient, type ExperimentReport } from '@skillship/registry-client'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../test/postgres/postgres-test-database.js'
import { packTestSkill } from '../../test/registry-harness.js'
import { type CliServer, spawnCliServer } from '../../test/spawn-cli-server.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { parseServerConfig } from '../config/server-config.js'
import { createStorage, type Storage } from '../storage/create-storage.js'
import { hashedArm } from './experiment-arms.js'

const database = await usePostgresTestDatabase()

// Two `skillship server` processes sharing PostgreSQL: a user gets the same arm on both, also
// when its first requests reach both at once, and the stored (first-written) arm wins over hashing.
describeWithPostgres('experiment assignment across replica processes', database, ({ url }) => {
  const servers: CliServer[] = []
  let dataDir: string
  let token: string
  let storage: Storage

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'skillship-experiment-replicas-'))
    const env = { DATABASE_URL: url, SKILLSHIP_LOG_LEVEL: 'warn', SKILLSHIP_WARMUP_SKILLS: '0' }
    servers.push(await spawnCliServer(['--port', '0', '--data', dataDir], env))
    servers.push(await spawnCliServer(['--port', '0', '--data', dataDir], env))
    const config = parseServerConfig({ env, flags: { data: dataDir } })
    token = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
    storage = await createStorage({ dataDir, databaseUrl: url })
  }, 60_000)

  afterAll(async () => {
    await storage?.close()
    await Promise.all(servers.map((server) => server.stop()))
    await rm(dataDir, { recursive: true, force: true })
  })

  const load = async (server: CliServer | undefined, user: string) => {
    const response = await fetch(`${server?.url}/v1/load/raced`, {
      headers: { 'x-skillship-user': user },
    })
    expect(response.status).toBe(200)
    const { version } = (await response.json()) as { version: string }
    return { version, variant: response.headers.get('x-skillship-variant') }
  }

  it('gives every user one arm on both processes, even when the first requests race', async () => {
    const [a, b] = servers
    const client = createRegistryClient({ registry: a?.url ?? '', token })
    await client.publish('raced', await packTestSkill('raced', '1.0.0'))
    await client.publish('raced', await packTestSkill('raced', '2.0.0'))
    const post = (path: string, body?: unknown) =>
      fetch(`${a?.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    const created = await post('/v1/experiments', {
      key: 'raced-test',
      skill: 'raced',
      seed: 'fixed-seed',
      variants: [
        { key: 'control', version: '1.0.0', weight: 1 },
        { key: 'b', version: '2.0.0', weight: 1 },
      ],
      primaryMetric: 'success',
    })
    expect(created.status).toBe(201)
    // One user is stored in the arm the hash does not give it (as if assigned first elsewhere):
    // storage wins on both processes.
    const experiment = await storage.experiments.getExperiment('raced-test')
    if (experiment === undefined) throw new Error('not stored')
    const hashed = hashedArm(experiment, 'pre-assigned', new Date()) === 0 ? 'control' : 'b'
    const stored = hashed === 'control' ? 'b' : 'control'
    await storage.experiments.assign('raced-test', 'pre-assigned', stored)
    expect((await post('/v1/experiments/raced-test/start')).status).toBe(200)

    const users = Array.from({ length: 60 }, (_, i) => `racer-${i}`)
    // The first request of every user reaches both processes at once.
    const first = await Promise.all(users.flatMap((user) => [load(a, user), load(b, user)]))
    for (let i = 0; i < users.length; i++) {
      const onA = first[2 * i]
      const onB = first[2 * i + 1]
      expect(onA?.variant).not.toBeNull()
      expect(onB).toEqual(onA)
      expect(await load(b, users[i] ?? '')).toEqual(onA)
    }
    expect(new Set(first.map((served) => served.variant))).toEqual(new Set(['control', 'b']))
    const pre = await Promise.all([load(a, 'pre-assigned'), load(b, 'pre-assigned')])
    expect(pre.map((served) => served.variant)).toEqual([stored, stored])
    const report = (await (
      await fetch(`${b?.url}/v1/experiments/raced-test/report`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as ExperimentReport
    expect(report.arms.reduce((sum, arm) => sum + arm.users, 0)).toBe(users.length + 1)
  })
})
