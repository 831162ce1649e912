import { Pool } from 'pg'
import { describeExperimentStoreContract } from '../../../test/contract/experiment-store.contract.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../../test/postgres/postgres-test-database.js'
import { migratePostgres } from './migrate-postgres.js'
import { createPostgresExperimentStore } from './postgres-experiment-store.js'

// A database of its own for this file, emptied before each test.
const database = await usePostgresTestDatabase()

describeWithPostgres('PostgreSQL experiment store', database, ({ url, reset }) => {
  describeExperimentStoreContract('postgres', async () => {
    await reset()
    const pools: Pool[] = []
    const open = () => {
      const pool = new Pool({ connectionString: url, max: 5 })
      // Dropping the database terminates leftover connections; the pool replaces them quietly.
      pool.on('error', () => undefined)
      pools.push(pool)
      return { pool, store: createPostgresExperimentStore(pool, 'test') }
    }
    const first = open()
    await migratePostgres(first.pool)
    const store = first.store
    return {
      store,
      // A second pool models a second replica: its transactions race the first's for real.
      openPeer: async () => open().store,
      cleanup: async () => {
        await Promise.all(pools.map((pool) => pool.end()))
      },
    }
  })
})
