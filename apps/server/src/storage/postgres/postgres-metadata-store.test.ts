import { Pool } from 'pg'
import { expect, it } from 'vitest'
import { describeMetadataStoreContract } from '../../../test/contract/metadata-store.contract.js'
import {
  createPostgresTestDatabase,
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../../test/postgres/postgres-test-database.js'
import type { MetadataStore } from '../metadata-store.js'
import { createPostgresMetadataStore } from './postgres-metadata-store.js'
import { postgresMigrations } from './postgres-migrations.js'

const database = await usePostgresTestDatabase()

describeWithPostgres('PostgreSQL metadata store', database, ({ url, reset }) => {
  describeMetadataStoreContract('postgres', async () => {
    await reset()
    const open = () => createPostgresMetadataStore({ connectionString: url, max: 5 })
    const store = open()
    const peers: MetadataStore[] = []
    return {
      store,
      // A second pool models a second replica: its transactions race the first's for real.
      openPeer: async () => {
        const peer = open()
        peers.push(peer)
        return peer
      },
      cleanup: async () => {
        await Promise.all([store, ...peers].map((s) => s.close()))
      },
    }
  })

  it('migrates exactly once when three replicas start at once on a fresh database', async () => {
    const fresh = await createPostgresTestDatabase()
    const stores = [1, 2, 3].map(() => createPostgresMetadataStore({ connectionString: fresh.url }))
    try {
      await Promise.all(stores.map((store) => store.migrate()))
      const pool = new Pool({ connectionString: fresh.url })
      const { rows } = await pool.query<{ version: number; applied: number }>(
        'SELECT version, count(*)::integer AS applied FROM schema_migrations GROUP BY version ORDER BY version',
      )
      await pool.end()
      expect(rows).toEqual(postgresMigrations.map(({ version }) => ({ version, applied: 1 })))
      expect(await stores[2]?.countSkills()).toBe(0)
    } finally {
      await Promise.all(stores.map((store) => store.close()))
      await fresh.drop()
    }
  })
})
