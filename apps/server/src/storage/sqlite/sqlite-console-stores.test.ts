import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeActivityStoreContract } from '../../../test/contract/activity-store.contract.js'
import { describeActivityTransactionContract } from '../../../test/contract/activity-transaction.contract.js'
import type { ConsoleStoresFixture } from '../../../test/contract/console-stores-fixture.js'
import { describeStatsStoreContract } from '../../../test/contract/stats-store.contract.js'
import { openSqliteActivityStore } from './sqlite-activity-store.js'
import { openSqliteExperimentStore } from './sqlite-experiment-store.js'
import { createSqliteMetadataStore } from './sqlite-metadata-store.js'
import { openSqliteStatsStore } from './sqlite-stats-store.js'

// Each store on its own connection to one file, as createStorage opens them.
async function sqliteFixture(): Promise<ConsoleStoresFixture> {
  const folder = await mkdtemp(join(tmpdir(), 'skillship-sqlite-console-'))
  const file = join(folder, 'registry.db')
  const metadata = createSqliteMetadataStore({ file })
  await metadata.migrate()
  const closers: (() => Promise<void>)[] = []
  const open = () => {
    const stats = openSqliteStatsStore({ file })
    const activity = openSqliteActivityStore({ file })
    closers.push(stats.close, activity.close)
    return { stats, activity }
  }
  const experiments = openSqliteExperimentStore({ file })
  closers.push(experiments.close)
  return {
    ...open(),
    metadata,
    experiments,
    openPeer: async () => open(),
    cleanup: async () => {
      for (const close of closers) await close()
      await metadata.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
}

describeStatsStoreContract('sqlite', sqliteFixture)
describeActivityStoreContract('sqlite', sqliteFixture)
describeActivityTransactionContract('sqlite', sqliteFixture)
