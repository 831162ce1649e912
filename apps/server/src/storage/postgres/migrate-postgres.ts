import type { Pool } from 'pg'
import type { SqlMigration } from '../sql-migration.js'
import { postgresMigrations } from './postgres-migrations.js'
import { withTransaction } from './with-transaction.js'

/**
 * The advisory lock every skillship replica takes while migrating ("skills" in ASCII). Fixed so
 * that all versions of the server agree on it.
 */
export const postgresMigrationLockKey = 0x736b696c6c73n

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one transaction that
 * holds `pg_advisory_xact_lock(postgresMigrationLockKey)`: when several replicas start at once,
 * one migrates and the others wait, then find every step applied. A failing step rolls back all.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly SqlMigration[] = postgresMigrations,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [
      postgresMigrationLockKey.toString(),
    ])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const applied = await client.query<{ version: number }>('SELECT version FROM schema_migrations')
    const done = new Set(applied.rows.map((row) => row.version))
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      await client.query(migration.sql)
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
    }
  })
}
