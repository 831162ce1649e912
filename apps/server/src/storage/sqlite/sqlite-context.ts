import { SkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3'

/** Named parameters of a statement (`@name` in SQL, `{ name }` here). */
export type SqliteParameters = Readonly<Record<string, string | number | null>>

/** What the SQLite query modules share: the connection, cached statements and the clock. */
export interface SqliteContext {
  readonly db: Database
  readonly file: string
  readonly now: () => Date
  /** The prepared statement for `sql`, prepared once per connection. */
  statement<Row = unknown>(sql: string): Statement<[SqliteParameters?], Row>
  /**
   * Runs `operation` (synchronous, like all of better-sqlite3) as a promise, turning a lock that
   * outlived the busy timeout into REGISTRY_STORAGE_UNAVAILABLE.
   */
  run<T>(operation: () => T): Promise<T>
}

/** How to open the database: see `SqliteMetadataStoreOptions`. */
export interface SqliteOpenOptions {
  readonly file: string
  readonly now: () => Date
  readonly busyTimeoutMillis: number
}

/**
 * Opens the file in WAL mode (readers never block the writer) with foreign keys enforced. Throws
 * REGISTRY_STORAGE_UNAVAILABLE naming the file when it cannot be opened (missing folder,
 * permissions, not a database).
 */
export function openSqliteContext(options: SqliteOpenOptions): SqliteContext {
  const { file, now, busyTimeoutMillis } = options
  const db = openDatabase(file, busyTimeoutMillis)
  const statements = new Map<string, Statement<[SqliteParameters?], unknown>>()
  return {
    db,
    file,
    now,
    statement<Row>(sql: string) {
      let statement = statements.get(sql)
      if (statement === undefined) {
        statement = db.prepare<[SqliteParameters?], unknown>(sql)
        statements.set(sql, statement)
      }
      return statement as Statement<[SqliteParameters?], Row>
    },
    run: async (operation) => guardSqlite(options, operation),
  }
}

function openDatabase(file: string, busyTimeoutMillis: number): Database {
  let db: Database | undefined
  try {
    db = new BetterSqlite3(file)
    // Reading journal_mode is the first real read: a file that is not a database fails here.
    db.pragma('journal_mode = WAL')
    db.pragma(`busy_timeout = ${busyTimeoutMillis}`)
    db.pragma('foreign_keys = ON')
    // FULL: a publish the client saw succeed must survive a power loss, and publishes are rare.
    db.pragma('synchronous = FULL')
    return db
  } catch (error) {
    db?.close()
    // Every failure here is about the file the operator configured, so all are reported as such.
    throw new SkillshipError(
      RegistryErrorCode.StorageUnavailable,
      `cannot open the SQLite database ${file}`,
      {
        hint: 'Check that the data folder exists and is writable by the server, and that the file is a SQLite database.',
        cause: error,
      },
    )
  }
}

function guardSqlite<T>(options: SqliteOpenOptions, operation: () => T): T {
  try {
    return operation()
  } catch (error) {
    if (!(error instanceof BetterSqlite3.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code))) {
      throw error
    }
    throw new SkillshipError(
      RegistryErrorCode.StorageUnavailable,
      `the SQLite database ${options.file} stayed locked for more than ${options.busyTimeoutMillis} ms`,
      {
        hint: 'Another process holds the database; the embedded database serves one server process, use PostgreSQL for several.',
        cause: error,
      },
    )
  }
}
