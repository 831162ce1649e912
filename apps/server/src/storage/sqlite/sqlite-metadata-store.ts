import type { MetadataStore } from '../metadata-store.js'
import { migrateSqlite } from './migrate-sqlite.js'
import { createSqliteAuditQueries } from './sqlite-audit-queries.js'
import { createSqliteChangeWatch } from './sqlite-change-watch.js'
import { openSqliteContext } from './sqlite-context.js'
import { createSqliteLoadQueries } from './sqlite-load-queries.js'
import { createSqlitePublisherKeyQueries } from './sqlite-publisher-key-queries.js'
import { createSqliteReadQueries } from './sqlite-read-queries.js'
import { createSqliteTokenQueries } from './sqlite-token-queries.js'
import { createSqliteWriteQueries } from './sqlite-write-queries.js'

/** Options of {@link createSqliteMetadataStore}. */
export interface SqliteMetadataStoreOptions {
  /** The database file (created when missing; its folder must exist), or `:memory:`. */
  readonly file: string
  /** The clock for `updatedAt` bumps; defaults to the system clock. */
  readonly now?: () => Date
  /**
   * How long a write waits for another connection's lock before it fails with
   * REGISTRY_STORAGE_UNAVAILABLE (default 5000 ms).
   */
  readonly busyTimeoutMillis?: number
}

/**
 * The embedded metadata store: one SQLite file in WAL mode, for one server process. Opens the file
 * at once and throws REGISTRY_STORAGE_UNAVAILABLE when it cannot; call `migrate()` before use.
 * Methods return promises to fit the port but run synchronously on the calling thread, which is
 * fine for the small, indexed queries a registry makes.
 */
export function createSqliteMetadataStore(options: SqliteMetadataStoreOptions): MetadataStore {
  const context = openSqliteContext({
    file: options.file,
    now: options.now ?? (() => new Date()),
    busyTimeoutMillis: options.busyTimeoutMillis ?? 5000,
  })
  const { db, run, statement } = context
  return {
    migrate: () => run(() => migrateSqlite(db)),
    ping: () => run(() => void statement('SELECT 1').get()),
    close: () => run(() => void db.close()),
    ...createSqliteReadQueries(context),
    ...createSqliteWriteQueries(context),
    ...createSqliteTokenQueries(context),
    ...createSqlitePublisherKeyQueries(context),
    ...createSqliteLoadQueries(context),
    ...createSqliteAuditQueries(context),
    changedElsewhere: createSqliteChangeWatch(db),
  }
}
