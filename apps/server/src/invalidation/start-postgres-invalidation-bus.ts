import type { Pool } from 'pg'
import type { Logger } from 'pino'
import { guardPostgres } from '../storage/postgres/postgres-unavailable.js'
import { createListenerSet } from './create-listener-set.js'
import type { InvalidationBus } from './invalidation-bus.js'
import { type ListenConnection, startListenConnection } from './start-listen-connection.js'

/** The channel every replica LISTENs on; the payload is the skill name. */
export const invalidationChannel = 'skillship_invalidate'

/** Options of {@link startPostgresInvalidationBus}. */
export interface PostgresInvalidationBusOptions {
  readonly connectionString: string
  /** `host:port/database`, for errors. */
  readonly label: string
  /** The storage pool, which sends the NOTIFYs (no connection is held for them). */
  readonly pool: Pool
  readonly logger: Logger
  /** Overrides for tests: see ListenConnectionOptions. */
  readonly minRetryMs?: number
  readonly heartbeatMs?: number
}

/** A PostgreSQL bus, with the listener's state for tests and health checks. */
export interface PostgresInvalidationBus extends InvalidationBus {
  /** The backend pid of the LISTEN connection while it is up. */
  listenerPid(): number | undefined
}

/**
 * The bus of replicas sharing PostgreSQL: `publish` tells this process's subscribers at once, then
 * sends `NOTIFY skillship_invalidate, '<name>'`, which PostgreSQL delivers to every replica's
 * LISTEN connection (this one's too: hearing it twice is harmless). Whenever the LISTEN connection
 * is (re-)established, subscribers are told to drop everything first: notifications sent while it
 * was down are lost for good. Live only while that connection is up. Resolves after the first
 * connection attempt; a failure there is logged and retried in the background.
 */
export async function startPostgresInvalidationBus(
  options: PostgresInvalidationBusOptions,
): Promise<PostgresInvalidationBus> {
  const listeners = createListenerSet()
  const connection: ListenConnection = await startListenConnection({
    connectionString: options.connectionString,
    channel: invalidationChannel,
    logger: options.logger,
    onNotification: (name) => listeners.invalidate(name),
    onListening: () => listeners.invalidateAll(),
    ...(options.minRetryMs === undefined ? {} : { minRetryMs: options.minRetryMs }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  })
  let closing: Promise<void> | undefined
  return {
    async publish(name) {
      listeners.invalidate(name)
      await guardPostgres(options.label, () =>
        options.pool.query('SELECT pg_notify($1, $2)', [invalidationChannel, name]),
      )
    },
    subscribe: (listener) => listeners.add(listener),
    isLive: () => connection.isUp(),
    listenerPid: () => connection.backendPid(),
    close() {
      closing ??= (async () => {
        listeners.clear()
        await connection.close()
      })()
      return closing
    },
  }
}
