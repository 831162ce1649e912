import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  describeExperimentStoreContract,
  newExperiment,
} from '../../../test/contract/experiment-store.contract.js'
import {
  type OwnedSqliteExperimentStore,
  openSqliteExperimentStore,
} from './sqlite-experiment-store.js'
import { createSqliteMetadataStore } from './sqlite-metadata-store.js'

describeExperimentStoreContract('sqlite', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'skillship-sqlite-experiments-'))
  const file = join(folder, 'registry.db')
  const metadata = createSqliteMetadataStore({ file })
  await metadata.migrate()
  const store = openSqliteExperimentStore({ file })
  const peers: OwnedSqliteExperimentStore[] = []
  return {
    store,
    // A second connection to the same file, as a second process would open it.
    openPeer: async () => {
      const peer = openSqliteExperimentStore({ file })
      peers.push(peer)
      return peer
    },
    cleanup: async () => {
      for (const peer of peers) await peer.close()
      await store.close()
      await metadata.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
})

describe('openSqliteExperimentStore', () => {
  it('shares the database file with the metadata store', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'skillship-sqlite-experiments-'))
    const file = join(folder, 'registry.db')
    try {
      const metadata = createSqliteMetadataStore({ file })
      await metadata.migrate()
      const first = openSqliteExperimentStore({ file })
      expect(await first.createExperiment(newExperiment('exp', 'alpha'))).toBe('created')
      await first.close()
      await metadata.close()
      const reopened = openSqliteExperimentStore({ file })
      expect((await reopened.getExperiment('exp'))?.skill).toBe('alpha')
      await reopened.close()
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})
