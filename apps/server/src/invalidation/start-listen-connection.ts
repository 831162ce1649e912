import { Client } from 'pg'
import type { Logger } from 'pino'

/** Options of {@link startListenConnection}. */
export interface ListenConnectionOptions {
  readonly connectionString: string
  /** A plain identifier (it is written into `LISTEN` unquoted). */
  readonly channel: string
  readonly logger: Logger
  /** Each notification's payload on `channel`. */
  readonly onNotification: (payload: string) => void
  /** Called each time LISTEN is (re-)established, before the connection counts as up. */
  readonly onListening: () => void
  /** First reconnect delay; doubles per failed attempt up to `maxRetryMs`. Default 100 ms. */
  readonly minRetryMs?: number
  /** Default 5000 ms. */
  readonly maxRetryMs?: number
  /** How often an idle connection is probed with `SELECT 1` (default 10 000 ms). */
  readonly heartbeatMs?: number
}

/** A LISTEN connection that reconnects by itself. */
export interface ListenConnection {
  /** True while LISTEN is established and the connection has not failed since. */
  isUp(): boolean
  /** The backend process id of the current connection (for tests and logs), if up. */
  backendPid(): number | undefined
  close(): Promise<void>
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/

/** `application_name` of LISTEN connections, followed by `:<pid>` (see pg_stat_activity). */
export const listenerApplicationName = 'skillship-invalidation'

/**
 * Opens a dedicated connection (not from the pool: a pooled connection would be handed to queries
 * and recycled) and LISTENs on `channel`. When the connection fails (server restart,
 * `pg_terminate_backend`, a network cut the heartbeat notices), it is marked down at once and
 * reopened with backoff until `close`; `onListening` runs on every success, so the owner can drop
 * what it may have missed meanwhile. Resolves after the first attempt, whether or not it
 * succeeded: a failure is logged and retried, never thrown.
 */
export async function startListenConnection(
  options: ListenConnectionOptions,
): Promise<ListenConnection> {
  if (!identifier.test(options.channel)) {
    throw new Error(`'${options.channel}' is not a plain PostgreSQL identifier`)
  }
  const listener = new ReconnectingListener(options)
  await listener.connect()
  return listener
}

// The state machine behind startListenConnection: `current` is the client being opened or in
// use; events of any older client are ignored.
class ReconnectingListener implements ListenConnection {
  private readonly options: ListenConnectionOptions
  private readonly heartbeat: NodeJS.Timeout
  private current: Client | undefined
  private up = false
  private closed = false
  private delay: number
  private retry: NodeJS.Timeout | undefined

  constructor(options: ListenConnectionOptions) {
    this.options = options
    this.delay = options.minRetryMs ?? 100
    const every = options.heartbeatMs ?? 10_000
    this.heartbeat = setInterval(() => this.probe(every), every)
    this.heartbeat.unref()
  }

  isUp(): boolean {
    return this.up
  }

  backendPid(): number | undefined {
    return this.up ? (this.current as { processID?: number } | undefined)?.processID : undefined
  }

  async close(): Promise<void> {
    this.closed = true
    this.up = false
    clearInterval(this.heartbeat)
    if (this.retry !== undefined) clearTimeout(this.retry)
    const client = this.current
    this.current = undefined
    await client?.end()
  }

  async connect(): Promise<void> {
    this.retry = undefined
    const client = new Client({
      connectionString: this.options.connectionString,
      // The pid tells operators (and tests) which replica a LISTEN connection belongs to.
      application_name: `${listenerApplicationName}:${process.pid}`,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    })
    this.current = client
    client.on('notification', (message) => {
      if (message.channel === this.options.channel && message.payload !== undefined) {
        this.options.onNotification(message.payload)
      }
    })
    client.on('error', (error) => this.lost(client, error))
    client.on('end', () => this.lost(client, new Error('the listener connection ended')))
    try {
      await client.connect()
      await client.query(`LISTEN ${this.options.channel}`)
    } catch (error) {
      this.lost(client, error)
      return
    }
    if (client !== this.current) return
    this.options.onListening()
    this.up = true
    this.delay = this.options.minRetryMs ?? 100
    this.options.logger.info({ channel: this.options.channel }, 'invalidation listener connected')
  }

  private lost(client: Client, error: unknown): void {
    if (client !== this.current) return
    const { logger } = this.options
    this.current = undefined
    if (this.up)
      logger.warn({ err: error }, 'invalidation listener lost its connection; reconnecting')
    else logger.warn({ err: error }, 'invalidation listener cannot connect; retrying')
    this.up = false
    client.end().catch((endError: unknown) => {
      logger.debug({ err: endError }, 'closing the failed listener connection failed')
    })
    if (this.closed) return
    this.retry = setTimeout(() => void this.connect(), this.delay)
    this.retry.unref()
    this.delay = Math.min(this.delay * 2, this.options.maxRetryMs ?? 5000)
  }

  private probe(timeoutMs: number): void {
    const client = this.current
    if (client === undefined || !this.up) return
    probe(client, timeoutMs).catch((error: unknown) => this.lost(client, error))
  }
}

// A query that does not answer within `timeoutMs` means a connection that is silently dead.
async function probe(client: Client, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer to a heartbeat in ${timeoutMs} ms`)),
      timeoutMs,
    )
  })
  try {
    await Promise.race([client.query('SELECT 1'), timeout])
  } finally {
    clearTimeout(timer)
  }
}
