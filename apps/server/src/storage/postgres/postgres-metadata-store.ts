import { Pool, type PoolClient } from 'pg'
import type { MetadataStore } from '../metadata-store.js'
import { describePostgresTarget } from './describe-postgres-target.js'
import { migratePostgres } from './migrate-postgres.js'
import { createPostgresAuditQueries } from './postgres-audit-queries.js'
import { createPostgresContext } from './postgres-context.js'
import { createPostgresLoadQueries } from './postgres-load-queries.js'
import { createPostgresPublisherKeyQueries } from './postgres-publisher-key-queries.js'
import { createPostgresReadQueries } from './postgres-read-queries.js'
import { createPostgresTokenQueries } from './postgres-token-queries.js'
import { createPostgresWriteQueries } from './postgres-write-queries.js'

/** Options of {@link createPostgresMetadataStore}. */
export interface PostgresMetadataStoreOptions {
  /** `postgres://...`; validate user-supplied values with `parseDatabaseUrl` first. */
  readonly connectionString: string
  /** Most connections this process opens (default 10). */
  readonly max?: number
  /** Give up connecting after this long (default 5000 ms; pg's own default waits forever). */
  readonly connectionTimeoutMillis?: number
  /** Close connections idle for this long (default 30000 ms). */
  readonly idleTimeoutMillis?: number
  /**
   * Called when a pooled connection fails while idle (e.g. the server restarts; the pool replaces
   * it). A connection that fails while checked out is not reported here: its failure reaches the
   * query or transaction using it.
   */
  readonly onIdleConnectionError?: (error: Error) => void
  /** The clock for `updatedAt` bumps; defaults to the system clock. */
  readonly now?: () => Date
}

/** A PostgreSQL metadata store; it owns `pool`, which `close()` ends. */
export interface PostgresMetadataStore extends MetadataStore {
  /** Shared with {@link createPostgresBlobStore} so one process keeps one pool. */
  readonly pool: Pool
}

/**
 * A metadata store on PostgreSQL for one or many replicas sharing a database. Connects lazily:
 * call `migrate()` (or `ping()`) to find out whether the server is reachable. Unreachable-server
 * failures of every method throw REGISTRY_STORAGE_UNAVAILABLE naming host, port and database.
 */
export function createPostgresMetadataStore(
  options: PostgresMetadataStoreOptions,
): PostgresMetadataStore {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    application_name: 'skillship-registry',
  })
  // Without a listener, an idle connection's error (server restart) would crash the process.
  pool.on('error', (error) => options.onIdleConnectionError?.(error))
  pool.on('connect', keepConnectionErrorsFromCrashing)
  const context = createPostgresContext(
    pool,
    describePostgresTarget(options.connectionString),
    options.now ?? (() => new Date()),
  )
  let ending: Promise<void> | undefined
  return {
    pool,
    migrate: () => context.guard(() => migratePostgres(pool)),
    async ping() {
      await context.query('SELECT 1')
    },
    // pg throws when a pool is ended twice; closing storage twice must stay harmless.
    close: () => {
      ending ??= pool.end()
      return ending
    },
    ...createPostgresReadQueries(context),
    ...createPostgresWriteQueries(context),
    ...createPostgresTokenQueries(context),
    ...createPostgresPublisherKeyQueries(context),
    ...createPostgresLoadQueries(context),
    ...createPostgresAuditQueries(context),
  }
}

// pg-pool listens for a connection's 'error' only while the connection is idle or inside
// `pool.query`. Between checkout and first query and between a transaction's queries, a terminated backend (57P01, failover, `pg_terminate_backend`) or a reset
// socket emits an 'error' that nothing handles, and Node ends the process. This listener lives as
// long as the connection. It handles nothing itself: pg marks the connection unqueryable, so the
// failure reaches whoever uses it next as a rejected query, and the pool discards it on release.
function keepConnectionErrorsFromCrashing(client: PoolClient): void {
  client.on('error', ignoreReportedElsewhere)
}

function ignoreReportedElsewhere(): void {}
