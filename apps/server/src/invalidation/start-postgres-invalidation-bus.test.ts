import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { pollUntil } from '../../test/postgres/poll-until.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../test/postgres/postgres-test-database.js'
import {
  createTestRegistry,
  packTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'
import { createLogger } from '../logging/create-logger.js'
import { createPostgresMetadataStore } from '../storage/postgres/postgres-metadata-store.js'
import type { InvalidationListener } from './invalidation-bus.js'
import {
  type PostgresInvalidationBus,
  startPostgresInvalidationBus,
} from './start-postgres-invalidation-bus.js'

const database = await usePostgresTestDatabase()
const logger = createLogger('silent')

describeWithPostgres('PostgreSQL invalidation bus', database, ({ url }) => {
  const store = createPostgresMetadataStore({ connectionString: url, max: 4 })
  const buses: PostgresInvalidationBus[] = []
  const open = async () => {
    const bus = await startPostgresInvalidationBus({
      connectionString: url,
      label: 'test',
      pool: store.pool,
      logger,
      minRetryMs: 20,
    })
    buses.push(bus)
    return bus
  }
  const recorder = (events: string[]): InvalidationListener => ({
    invalidate: (name) => events.push(name),
    invalidateAll: () => events.push('*'),
  })
  const terminate = async (pid: number | undefined) => {
    expect(pid).toBeDefined()
    const admin = new Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid])
    } finally {
      await admin.end()
    }
  }

  beforeAll(async () => {
    await store.migrate()
  })
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()))
    await store.close()
  })

  it('delivers a publish to this process at once and to another replica shortly after', async () => {
    const [a, b] = [await open(), await open()]
    expect([a.isLive(), b.isLive()]).toEqual([true, true])
    const onA: string[] = []
    const onB: string[] = []
    a.subscribe(recorder(onA))
    b.subscribe(recorder(onB))
    await a.publish('demo')
    expect(onA[0]).toBe('demo')
    await pollUntil('B hears the publish', () => onB.includes('demo'))
  })

  it('drops everything and goes live again when its LISTEN connection is killed', async () => {
    const [a, b] = [await open(), await open()]
    const onB: string[] = []
    b.subscribe(recorder(onB))
    const before = b.listenerPid()
    await terminate(before)
    await pollUntil('B reconnects', () => b.isLive() && b.listenerPid() !== before)
    expect(onB).toContain('*')
    await a.publish('after')
    await pollUntil('B hears publishes again', () => onB.includes('after'))
  })

  it('lets a registry trust its document cache only while the listener is up', async () => {
    const bus = await open()
    const registry: TestRegistry = await createTestRegistry({ databaseUrl: url, invalidation: bus })
    try {
      let skillReads = 0
      const getSkill = registry.deps.metadata.getSkill
      registry.deps.metadata.getSkill = (name) => {
        skillReads += 1
        return getSkill(name)
      }
      const heard: string[] = []
      bus.subscribe(recorder(heard))
      await registry.request('PUT', '/v1/skills/trusted', {
        token: registry.adminToken,
        body: await packTestSkill('trusted', '1.0.0'),
      })
      // The publish is heard twice: at once in process, then as this replica's own NOTIFY.
      await pollUntil('the own notification is back', () => heard.length === 2)
      await registry.request('GET', '/v1/load/trusted')
      skillReads = 0
      for (let i = 0; i < 3; i++) await registry.request('GET', '/v1/load/trusted')
      expect(skillReads).toBe(0)
      // While the listener is down, every read revalidates (one indexed query), as before.
      await bus.close()
      expect(bus.isLive()).toBe(false)
      await registry.request('GET', '/v1/load/trusted')
      expect(skillReads).toBe(1)
    } finally {
      await registry.close()
    }
  })
})
