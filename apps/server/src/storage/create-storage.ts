import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { SkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'
import type { Pool } from 'pg'
import type { ActivityStore } from '../activity/activity-store.js'
import type { ExperimentStore } from '../experiments/experiment-store.js'
import type { StatsStore } from '../stats/stats-store.js'
import type { BlobStore } from './blob-store.js'
import { createFileBlobStore } from './files/file-blob-store.js'
import type { MetadataStore } from './metadata-store.js'
import { parseDatabaseUrl } from './parse-database-url.js'
import { createPostgresActivityStore } from './postgres/postgres-activity-store.js'
import { createPostgresBlobStore } from './postgres/postgres-blob-store.js'
import { createPostgresExperimentStore } from './postgres/postgres-experiment-store.js'
import { createPostgresMetadataStore } from './postgres/postgres-metadata-store.js'
import { createPostgresStatsStore } from './postgres/postgres-stats-store.js'
import { openSqliteActivityStore } from './sqlite/sqlite-activity-store.js'
import { openSqliteExperimentStore } from './sqlite/sqlite-experiment-store.js'
import { createSqliteMetadataStore } from './sqlite/sqlite-metadata-store.js'
import { openSqliteStatsStore } from './sqlite/sqlite-stats-store.js'

/** Where the registry keeps its data. */
export interface StorageOptions {
  /** `DATABASE_URL`: when set, metadata and blobs live in this PostgreSQL database. */
  readonly databaseUrl?: string
  /** The data folder for embedded storage (`registry.db` and `blobs/`); created with mode 0700. */
  readonly dataDir: string
  /** Told when an idle PostgreSQL connection fails; the pool replaces it (ignored for SQLite). */
  readonly onIdleConnectionError?: (error: Error) => void
}

/** Migrated, ready-to-use storage. `close()` releases every store. */
export interface Storage {
  readonly metadata: MetadataStore
  readonly blobs: BlobStore
  /**
   * Experiments, assignments, arm statistics and leases, in the same database as `metadata`
   * (PostgreSQL: the same pool; SQLite: a second connection to the same file).
   */
  readonly experiments: ExperimentStore
  /** The console's time series (load statistics, experiment snapshots), same database. */
  readonly stats: StatsStore
  /** The activity log, same database. */
  readonly activity: ActivityStore
  readonly kind: 'sqlite' | 'postgres'
  /**
   * With PostgreSQL: the validated connection string and the stores' pool, for what needs its own
   * connection to the same database (the LISTEN/NOTIFY invalidation bus). Absent for SQLite.
   */
  readonly postgres?: PostgresConnection
  close(): Promise<void>
}

/** How to reach the PostgreSQL database the stores use. */
export interface PostgresConnection {
  readonly connectionString: string
  /** `host:port/database`, never credentials: for logs and messages. */
  readonly label: string
  /** The stores' pool; closed by `Storage.close()`. */
  readonly pool: Pool
}

/**
 * Opens and migrates the registry's storage. With `databaseUrl` (postgres:// or postgresql://)
 * metadata and blobs both go to PostgreSQL, so replicas stay stateless; otherwise SQLite at
 * `<dataDir>/registry.db` and blob files under `<dataDir>/blobs`.
 * Throws REGISTRY_CONFIG_INVALID (naming DATABASE_URL) for a malformed or non-PostgreSQL URL and
 * REGISTRY_STORAGE_UNAVAILABLE (naming the host, never the password) when the database is
 * unreachable; nothing is left open after a failure.
 */
export async function createStorage(options: StorageOptions): Promise<Storage> {
  return options.databaseUrl === undefined
    ? openEmbeddedStorage(options.dataDir)
    : openPostgresStorage(options.databaseUrl, options.onIdleConnectionError)
}

async function openPostgresStorage(
  databaseUrl: string,
  onIdleConnectionError: ((error: Error) => void) | undefined,
): Promise<Storage> {
  const target = parseDatabaseUrl(databaseUrl)
  const metadata = createPostgresMetadataStore({
    connectionString: target.connectionString,
    ...(onIdleConnectionError === undefined ? {} : { onIdleConnectionError }),
  })
  const blobs = createPostgresBlobStore(metadata.pool)
  const experiments = createPostgresExperimentStore(metadata.pool, target.label)
  await migrateOrClose(metadata)
  return {
    metadata,
    blobs,
    experiments,
    stats: createPostgresStatsStore(metadata.pool, target.label),
    activity: createPostgresActivityStore(metadata.pool, target.label),
    kind: 'postgres',
    postgres: {
      connectionString: target.connectionString,
      label: target.label,
      pool: metadata.pool,
    },
    close: () => metadata.close(),
  }
}

async function openEmbeddedStorage(dataDir: string): Promise<Storage> {
  await createDataDir(dataDir)
  const file = join(dataDir, 'registry.db')
  const metadata = createSqliteMetadataStore({ file })
  const blobs = createFileBlobStore({
    root: join(dataDir, 'blobs'),
    isReferenced: metadata.isBlobReferenced,
  })
  await migrateOrClose(metadata)
  // Its own connection: the metadata store keeps its connection private. WAL mode lets the two
  // share the file; each write is one short BEGIN IMMEDIATE transaction.
  const experiments = await openOrClose(metadata, () => openSqliteExperimentStore({ file }))
  const stats = await openOrClose(metadata, () => openSqliteStatsStore({ file }), [experiments])
  const activity = await openOrClose(metadata, () => openSqliteActivityStore({ file }), [
    experiments,
    stats,
  ])
  const close = async (): Promise<void> => {
    await blobs.close()
    await activity.close()
    await stats.close()
    await experiments.close()
    await metadata.close()
  }
  return { metadata, blobs, experiments, stats, activity, kind: 'sqlite', close }
}

async function openOrClose<T>(
  metadata: MetadataStore,
  open: () => T,
  opened: readonly { close(): Promise<void> }[] = [],
): Promise<T> {
  try {
    return open()
  } catch (error) {
    for (const store of opened) await store.close()
    await metadata.close()
    throw error
  }
}

async function migrateOrClose(metadata: MetadataStore): Promise<void> {
  try {
    await metadata.migrate()
  } catch (error) {
    await metadata.close()
    throw error
  }
}

// The folder holds token hashes and the tarballs of private skills: owner only.
async function createDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new SkillshipError(
      RegistryErrorCode.StorageUnavailable,
      `cannot create the data folder ${dataDir}`,
      { hint: 'Choose a data folder the server can create and write to.', cause: error },
    )
  }
}
