import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient, type RegistryClient } from '@skillship/registry-client'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../test/postgres/postgres-test-database.js'
import { packTestSkill } from '../../test/registry-harness.js'
import { parseServerConfig } from '../config/server-config.js'
import { createTokenOffline } from './offline-tokens.js'
import { type RunningServer, startServer } from './start-server.js'

const database = await usePostgresTestDatabase()

// Two stateless replicas on real ports sharing one PostgreSQL database, as behind a Kubernetes Service.
describeWithPostgres('registry replicas on PostgreSQL', database, ({ url }) => {
  const servers: RunningServer[] = []
  let dataDir: string
  let a: RegistryClient
  let b: RegistryClient

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'skillship-replica-'))
    const config = parseServerConfig({
      env: { DATABASE_URL: url, SKILLSHIP_LOG_LEVEL: 'silent' },
      flags: { port: '0', data: dataDir },
    })
    // Both start at once: migrations must serialise themselves.
    servers.push(...(await Promise.all([startServer(config), startServer(config)])))
    const admin = await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })
    a = createRegistryClient({ registry: servers[0]?.url ?? '', token: admin.token })
    b = createRegistryClient({ registry: servers[1]?.url ?? '', token: admin.token })
  })

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()))
    await rm(dataDir, { recursive: true, force: true })
  })

  it('stores nothing on the replicas: a skill published on one is served by the other', async () => {
    expect(servers.map((s) => s.storage)).toEqual(['postgres', 'postgres'])
    const tarball = await packTestSkill('shared', '1.0.0')
    const published = await a.publish('shared', tarball)
    const document = await b.getSkill('shared')
    expect(
      document.notModified === false && document.document.versions['1.0.0']?.dist.integrity,
    ).toBe(published.integrity)
    expect(
      Buffer.from(
        await b.downloadTarball('shared', '1.0.0', { integrity: published.integrity }),
      ).equals(Buffer.from(tarball)),
    ).toBe(true)
  })

  it('never serves a stale document after a change made through the other replica', async () => {
    await b.getSkill('shared')
    await a.updateVersion('shared', '1.0.0', { deprecated: 'moved' })
    const seen = await b.getSkill('shared')
    expect(seen.notModified === false && seen.document.versions['1.0.0']?.deprecated).toBe('moved')
    await a.publish('shared', await packTestSkill('shared', '1.1.0'))
    expect((await b.resolve('shared', '^1')).version).toBe('1.1.0')
  })

  it('lets exactly one of two replicas win a concurrent publish of the same version', async () => {
    const tarball = await packTestSkill('race', '1.0.0')
    const outcomes = await Promise.allSettled([
      a.publish('race', tarball),
      b.publish('race', tarball),
    ])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const loser = outcomes.find((o) => o.status === 'rejected')
    expect(loser?.status === 'rejected' && (loser.reason as { code: string }).code).toBe(
      'REGISTRY_VERSION_EXISTS',
    )
  })
})
