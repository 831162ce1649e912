import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { pollUntil } from '../../../test/postgres/poll-until.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../../test/postgres/postgres-test-database.js'
import {
  createPostgresMetadataStore,
  type PostgresMetadataStore,
} from './postgres-metadata-store.js'

const database = await usePostgresTestDatabase()

// A failover reaches a connection wherever it is: idle, inside a query, or checked out with no
// query running. The last one is the case pg-pool leaves unhandled; an unhandled 'error' event
// would end the test process (vitest reports it as an unhandled error and fails the run).
describeWithPostgres('a pooled connection terminated while checked out', database, ({ url }) => {
  let store: PostgresMetadataStore
  let admin: Client

  beforeAll(async () => {
    store = createPostgresMetadataStore({ connectionString: url, max: 2 })
    await store.migrate()
    admin = new Client({ connectionString: url })
    await admin.connect()
  })

  afterAll(async () => {
    await admin?.end()
    await store?.close()
  })

  it('neither crashes nor hands the dead connection out again', async () => {
    const client = await store.pool.connect()
    const pid = (client as unknown as { processID: number }).processID
    const errors: Error[] = []
    await admin.query('SELECT pg_terminate_backend($1)', [pid])
    await pollUntil(
      'the terminated backend is gone',
      async () =>
        (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0,
      10_000,
    )
    // The failure surfaces where the connection is used next, as a rejected query.
    await client.query('SELECT 1').catch((error: Error) => errors.push(error))
    client.release()
    expect(errors).toHaveLength(1)
    const fresh = await store.pool.connect()
    try {
      expect((fresh as unknown as { processID: number }).processID).not.toBe(pid)
      expect((await fresh.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    } finally {
      fresh.release()
    }
  })
})
