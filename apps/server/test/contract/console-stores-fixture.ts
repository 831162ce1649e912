import type { ActivityStore } from '../../src/activity/activity-store.js'
import type { ExperimentStore } from '../../src/experiments/experiment-store.js'
import type { StatsStore } from '../../src/stats/stats-store.js'
import type { MetadataStore } from '../../src/storage/metadata-store.js'

/** What an engine gives the console-store contracts for one test: stores on one migrated database. */
export interface ConsoleStoresFixture {
  readonly stats: StatsStore
  readonly activity: ActivityStore
  /** The metadata store of the same database (skills decide who sees activity). */
  readonly metadata: MetadataStore
  /** The experiment store of the same database (its writes append their activity entries). */
  readonly experiments: ExperimentStore
  /** Stores over another connection to the same database, as a second replica opens them. */
  openPeer(): Promise<{ readonly stats: StatsStore; readonly activity: ActivityStore }>
  /** Closes every store and removes the database. */
  cleanup(): Promise<void>
}
