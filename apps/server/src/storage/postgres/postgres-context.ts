import type { Pool, QueryResult, QueryResultRow } from 'pg'
import { guardPostgres } from './postgres-unavailable.js'

/** What the PostgreSQL query modules share: the pool, a guarded query function and the clock. */
export interface PostgresContext {
  readonly pool: Pool
  /** `host:port/database`, for error messages. */
  readonly label: string
  readonly now: () => Date
  /** `pool.query` with unreachable-server failures turned into REGISTRY_STORAGE_UNAVAILABLE. */
  query<Row extends QueryResultRow>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>
  /** Runs `operation` with the same error translation as `query`. */
  guard<T>(operation: () => Promise<T>): Promise<T>
}

/** Builds the shared context over `pool`. */
export function createPostgresContext(pool: Pool, label: string, now: () => Date): PostgresContext {
  const guard = <T>(operation: () => Promise<T>): Promise<T> => guardPostgres(label, operation)
  return {
    pool,
    label,
    now,
    guard,
    query: <Row extends QueryResultRow>(sql: string, params: readonly unknown[] = []) =>
      guard(() => pool.query<Row>(sql, [...params])),
  }
}
