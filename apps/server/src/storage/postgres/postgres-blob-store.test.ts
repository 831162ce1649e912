import { Pool } from 'pg'
import { describeBlobStoreContract } from '../../../test/contract/blob-store.contract.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../../test/postgres/postgres-test-database.js'
import { migratePostgres } from './migrate-postgres.js'
import { createPostgresBlobStore } from './postgres-blob-store.js'

const database = await usePostgresTestDatabase()

describeWithPostgres('PostgreSQL blob store', database, ({ url, reset }) => {
  describeBlobStoreContract('postgres', async () => {
    await reset()
    const pool = new Pool({ connectionString: url, max: 4 })
    await migratePostgres(pool)
    const store = createPostgresBlobStore(pool)
    return {
      store,
      cleanup: async () => {
        await store.close()
        await pool.end()
      },
    }
  })
})
