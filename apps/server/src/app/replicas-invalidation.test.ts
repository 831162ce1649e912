import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient, type RegistryClient } from '@skillship/registry-client'
import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { pollUntil } from '../../test/postgres/poll-until.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../test/postgres/postgres-test-database.js'
import { packTestSkill } from '../../test/registry-harness.js'
import { type CliServer, spawnCliServer } from '../../test/spawn-cli-server.js'
import { parseServerConfig } from '../config/server-config.js'
import { listenerApplicationName } from '../invalidation/start-listen-connection.js'
import { createTokenOffline } from './offline-tokens.js'

const database = await usePostgresTestDatabase()

// Two `skillship server` processes sharing one PostgreSQL database, as replicas behind a Service:
// B caches, A writes, and B must see A's writes through LISTEN/NOTIFY alone.
describeWithPostgres('load API across replica processes', database, ({ url }) => {
  const servers: CliServer[] = []
  let dataDir: string
  let a: RegistryClient
  let sql: Client

  const loadOnB = async (name: string) => {
    const response = await fetch(`${servers[1]?.url}/v1/load/${name}`)
    expect(response.status).toBe(200)
    return ((await response.json()) as { version: string }).version
  }
  const listenerOf = async (server: CliServer | undefined) =>
    (
      await sql.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
        [`${listenerApplicationName}:${server?.child.pid}`],
      )
    ).rows[0]?.pid

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'skillship-replicas-'))
    const env = { DATABASE_URL: url, SKILLSHIP_LOG_LEVEL: 'warn', SKILLSHIP_WARMUP_SKILLS: '0' }
    // The first start migrates; the second finds the schema in place.
    servers.push(await spawnCliServer(['--port', '0', '--data', dataDir], env))
    servers.push(await spawnCliServer(['--port', '0', '--data', dataDir], env))
    const config = parseServerConfig({ env, flags: { data: dataDir } })
    const admin = await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })
    a = createRegistryClient({ registry: servers[0]?.url ?? '', token: admin.token })
    sql = new Client({ connectionString: url })
    await sql.connect()
  }, 60_000)

  afterAll(async () => {
    await sql?.end()
    await Promise.all(servers.map((server) => server.stop()))
    await rm(dataDir, { recursive: true, force: true })
  })

  it('serves on B the version published on A right after the publish', async () => {
    await a.publish('shared', await packTestSkill('shared', '1.0.0'))
    expect(await loadOnB('shared')).toBe('1.0.0')
    expect(await loadOnB('shared')).toBe('1.0.0')
    await a.publish('shared', await packTestSkill('shared', '1.1.0'))
    await pollUntil('B serves 1.1.0', async () => (await loadOnB('shared')) === '1.1.0', 5000)
    await a.setDistTag('shared', 'latest', '1.0.0')
    await pollUntil('B follows the tag', async () => (await loadOnB('shared')) === '1.0.0', 5000)
  })

  it('drops its caches when its LISTEN connection is cut, then listens again', async () => {
    await a.setDistTag('shared', 'latest', '1.1.0')
    await pollUntil('B serves 1.1.0', async () => (await loadOnB('shared')) === '1.1.0', 5000)
    // A change no replica hears about (no NOTIFY, no updated_at bump): B, trusting its cache
    // while its listener is up, keeps serving what it has.
    await sql.query(
      "UPDATE dist_tags SET version = '1.0.0' WHERE name = 'shared' AND tag = 'latest'",
    )
    expect(await loadOnB('shared')).toBe('1.1.0')
    const before = await listenerOf(servers[1])
    expect(before).toBeDefined()
    await sql.query('SELECT pg_terminate_backend($1)', [before])
    // B reconnects, drops everything it may have missed, and reads the change.
    await pollUntil('B listens again', async () => {
      const now = await listenerOf(servers[1])
      return now !== undefined && now !== before
    })
    await pollUntil('B serves 1.0.0', async () => (await loadOnB('shared')) === '1.0.0', 5000)
    await a.publish('shared', await packTestSkill('shared', '2.0.0'))
    await pollUntil('B hears A again', async () => (await loadOnB('shared')) === '2.0.0', 5000)
  })
})
