import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import { afterAll, describe, it } from 'vitest'

/** The server the PostgreSQL suites create their databases on (needs CREATE DATABASE rights). */
export const adminUrl =
  process.env['SKILLSHIP_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** A fresh database of its own for one test file, or why there is none. */
export type PostgresTestDatabase =
  | { readonly available: false; readonly reason: string }
  | AvailablePostgresTestDatabase

/** A database created for one test file on the server of {@link adminUrl}. */
export interface AvailablePostgresTestDatabase {
  readonly available: true
  readonly url: string
  /** Empties the database (drops and recreates the `public` schema) for the next test. */
  reset(): Promise<void>
  /** Terminates leftover connections and drops the database. */
  drop(): Promise<void>
}

async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * Creates a uniquely named database on the server of `adminUrl`. Throws when the server is
 * unreachable; {@link usePostgresTestDatabase} turns that into `available: false`.
 */
export async function createPostgresTestDatabase(): Promise<AvailablePostgresTestDatabase> {
  const name = `skillship_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`))
  const url = databaseUrl(name)
  return {
    available: true,
    url,
    reset: () =>
      withAdmin(url, async (client) => {
        await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public')
      }),
    drop: () =>
      withAdmin(adminUrl, async (client) => {
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        )
        await client.query(`DROP DATABASE IF EXISTS ${name}`)
      }),
  }
}

/** A fresh database for this test file, or `available: false` with the reason the server gave. */
export async function usePostgresTestDatabase(): Promise<PostgresTestDatabase> {
  try {
    return await createPostgresTestDatabase()
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) }
  }
}

function requiredByCi(): boolean {
  const ci = process.env['CI']
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0'
}

/**
 * `describe(label, body)` on an available database, dropped after the suite. Without one, the
 * suite fails when `CI` is set (CI must run it) and is skipped with a console notice otherwise.
 */
export function describeWithPostgres(
  label: string,
  database: PostgresTestDatabase,
  body: (database: AvailablePostgresTestDatabase) => void,
): void {
  if (database.available) {
    describe(label, () => {
      afterAll(() => database.drop())
      body(database)
    })
    return
  }
  const where = new URL(adminUrl).host
  if (requiredByCi()) {
    describe(label, () => {
      it('has a PostgreSQL server (required when CI is set)', () => {
        throw new Error(`PostgreSQL at ${where} is unreachable: ${database.reason}`)
      })
    })
    return
  }
  console.warn(
    `[skillship] skipping "${label}": PostgreSQL at ${where} is unreachable (${database.reason}). ` +
      'Run scripts/ensure-postgres.sh or set SKILLSHIP_TEST_DATABASE_URL.',
  )
  describe.skip(label, () => {
    it('needs PostgreSQL', () => undefined)
  })
}
