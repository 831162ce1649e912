import { describeActivityStoreContract } from '../../../test/contract/activity-store.contract.js'
import { describeActivityTransactionContract } from '../../../test/contract/activity-transaction.contract.js'
import type { ConsoleStoresFixture } from '../../../test/contract/console-stores-fixture.js'
import { describeStatsStoreContract } from '../../../test/contract/stats-store.contract.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../../test/postgres/postgres-test-database.js'
import { createPostgresActivityStore } from './postgres-activity-store.js'
import { createPostgresExperimentStore } from './postgres-experiment-store.js'
import { createPostgresMetadataStore } from './postgres-metadata-store.js'
import { createPostgresStatsStore } from './postgres-stats-store.js'

// A database of its own for this file, emptied before each test.
const database = await usePostgresTestDatabase()

describeWithPostgres('PostgreSQL console stores', database, ({ url, reset }) => {
  // A second pool models a second replica: its transactions race the first's for real.
  const fixture = async (): Promise<ConsoleStoresFixture> => {
    await reset()
    const metadata = createPostgresMetadataStore({ connectionString: url, max: 5 })
    await metadata.migrate()
    const peers: ReturnType<typeof createPostgresMetadataStore>[] = []
    const on = (store: ReturnType<typeof createPostgresMetadataStore>) => ({
      stats: createPostgresStatsStore(store.pool, 'test'),
      activity: createPostgresActivityStore(store.pool, 'test'),
    })
    return {
      ...on(metadata),
      metadata,
      experiments: createPostgresExperimentStore(metadata.pool, 'test'),
      openPeer: async () => {
        const peer = createPostgresMetadataStore({ connectionString: url, max: 5 })
        peers.push(peer)
        return on(peer)
      },
      cleanup: async () => {
        await Promise.all([metadata, ...peers].map((store) => store.close()))
      },
    }
  }
  describeStatsStoreContract('postgres', fixture)
  describeActivityStoreContract('postgres', fixture)
  describeActivityTransactionContract('postgres', fixture)
})
