import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeIntegrity } from '@skillship/core/node'
import {
  createRegistryClient,
  type RegistryClient,
  RegistryErrorCode,
  RegistryHttpError,
} from '@skillship/registry-client'
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
import { createTokenOffline } from './offline-tokens.js'

const database = await usePostgresTestDatabase()

interface Attempt {
  readonly name: string
  readonly tarball: Uint8Array
  outcome?: PromiseSettledResult<unknown>
}

const waves = 6
const perWave = 8

// A failover as PostgreSQL shows it to a client: every backend of the server is terminated
// (57P01, then a reset socket) while publishes are in their transactions.
describeWithPostgres('a database failover during publishes', database, ({ url }) => {
  let server: CliServer
  let dataDir: string
  let client: RegistryClient
  let sql: Client
  const attempts: Attempt[] = []

  const terminateServerBackends = () =>
    sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND application_name LIKE 'skillship-%'`,
    )

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'skillship-failover-'))
    const env = { DATABASE_URL: url, SKILLSHIP_LOG_LEVEL: 'warn', SKILLSHIP_WARMUP_SKILLS: '0' }
    server = await spawnCliServer(['--port', '0', '--data', dataDir], env)
    const config = parseServerConfig({ env, flags: { data: dataDir } })
    const admin = await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })
    client = createRegistryClient({ registry: server.url, token: admin.token })
    sql = new Client({ connectionString: url })
    await sql.connect()
    for (let index = 0; index < waves * perWave; index++) {
      const name = `failover-${index}`
      attempts.push({ name, tarball: await packTestSkill(name, '1.0.0') })
    }
  }, 120_000)

  afterAll(async () => {
    await sql?.end()
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  // Terminations keep landing, at every point of the publishes' transactions, until the wave is
  // answered; later waves leave more room between them.
  async function publishWhileTerminating(wave: number): Promise<void> {
    const batch = attempts.slice(wave * perWave, (wave + 1) * perWave)
    let settled = false
    const publishes = Promise.allSettled(
      batch.map((a) => client.publish(a.name, a.tarball)),
    ).finally(() => {
      settled = true
    })
    while (!settled) {
      await terminateServerBackends()
      await new Promise((resolve) => setTimeout(resolve, wave * 20))
    }
    ;(await publishes).forEach((outcome, index) => {
      const attempt = batch[index]
      if (attempt) attempt.outcome = outcome
    })
    await terminateServerBackends()
  }

  it('keeps the process alive, turns ready again, and stores each publish whole or not at all', async () => {
    for (let wave = 0; wave < waves; wave++) await publishWhileTerminating(wave)
    const crash = /Unhandled 'error' event|uncaught/i.exec(server.output())
    expect({
      exitCode: server.child.exitCode,
      signal: server.child.signalCode,
      crash: crash && server.output().slice(crash.index, crash.index + 2000),
    }).toEqual({ exitCode: null, signal: null, crash: null })
    await pollUntil(
      '/readyz answers 200',
      async () => (await fetch(`${server.url}/readyz`)).status === 200,
      20_000,
    )
    for (const attempt of attempts) await expectWholeOrAbsent(attempt)
    const refusals = new Set(
      attempts.flatMap((a) =>
        a.outcome?.status === 'rejected' ? [refusal(a.outcome.reason)] : [],
      ),
    )
    expect([...refusals]).toEqual([`503 ${RegistryErrorCode.StorageUnavailable} hint`])
    // Recovered, not merely alive: the pool reconnects and the next publish is stored.
    const after = await packTestSkill('failover-after', '1.0.0')
    const published = await client.publish('failover-after', after)
    await expectWholeOrAbsent({
      name: 'failover-after',
      tarball: after,
      outcome: { status: 'fulfilled', value: published },
    })
  }, 120_000)

  // A stored version comes with its document, its dist-tag and its tarball; a refused one left
  // no row that a reader could find.
  async function expectWholeOrAbsent(attempt: Attempt): Promise<void> {
    const integrity = computeIntegrity(attempt.tarball)
    const rows = await sql.query<{ integrity: string; blob: boolean }>(
      `SELECT v.integrity, EXISTS (SELECT 1 FROM blobs b WHERE b.integrity = v.integrity) AS blob
       FROM versions v WHERE v.name = $1`,
      [attempt.name],
    )
    const tags = await sql.query('SELECT 1 FROM dist_tags WHERE name = $1', [attempt.name])
    if (attempt.outcome?.status === 'fulfilled') expect(rows.rowCount).toBe(1)
    if (rows.rowCount === 0) {
      expect({ name: attempt.name, tags: tags.rowCount }).toEqual({ name: attempt.name, tags: 0 })
      return
    }
    expect({ name: attempt.name, rows: rows.rows, tags: tags.rowCount }).toEqual({
      name: attempt.name,
      rows: [{ integrity, blob: true }],
      tags: 1,
    })
    const document = await client.getSkill(attempt.name)
    expect(
      document.notModified === false && document.document.versions['1.0.0']?.dist.integrity,
    ).toBe(integrity)
    const bytes = await client.downloadTarball(attempt.name, '1.0.0', { integrity })
    expect(computeIntegrity(bytes)).toBe(integrity)
  }
})

function refusal(reason: unknown): string {
  if (!(reason instanceof RegistryHttpError)) return String(reason)
  return `${reason.status} ${reason.code} ${reason.hint === undefined ? 'no hint' : 'hint'}`
}
