import { describeBlobStoreContract } from '../../../test/contract/blob-store.contract.js'
import { newVersion } from '../../../test/contract/new-version.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../../test/postgres/postgres-test-database.js'
import { createPostgresBlobStore } from './postgres-blob-store.js'
import { createPostgresMetadataStore } from './postgres-metadata-store.js'

const database = await usePostgresTestDatabase()

describeWithPostgres('PostgreSQL blob store', database, ({ url, reset }) => {
  describeBlobStoreContract('postgres', async () => {
    await reset()
    const metadata = createPostgresMetadataStore({ connectionString: url })
    await metadata.migrate()
    const store = createPostgresBlobStore(metadata.pool)
    let skills = 0
    return {
      store,
      reference: async (integrity) => {
        skills += 1
        await metadata.insertVersion(newVersion(`skill-${skills}`, '1.0.0', { integrity }))
      },
      backdate: async (integrity, at) => {
        await metadata.pool.query('UPDATE blobs SET created_at = $2 WHERE integrity = $1', [
          integrity,
          at,
        ])
      },
      cleanup: async () => {
        await store.close()
        await metadata.close()
      },
    }
  })
})
