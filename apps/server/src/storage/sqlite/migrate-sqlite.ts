import type { Database } from 'better-sqlite3'
import type { SqlMigration } from '../sql-migration.js'
import { sqliteMigrations } from './sqlite-migrations.js'

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one `BEGIN IMMEDIATE`
 * transaction: SQLite's write lock serializes processes opening the same file, so each step runs
 * once, and a failing step rolls back all of them.
 */
export function migrateSqlite(
  db: Database,
  migrations: readonly SqlMigration[] = sqliteMigrations,
): void {
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT`)
    const applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]
    const done = new Set(applied)
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    )
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      db.exec(migration.sql)
      record.run(migration.version, migration.name, Date.now())
    }
  })
  apply.immediate()
}
