/**
 * Stable codes of skill serving (load API, MCP, metrics, lifecycle), shared by the server (which
 * maps them to HTTP statuses) and clients (which rebuild them from error bodies). docs/errors.md.
 */
export const ServeErrorCode = {
  /** The skill version has no file at that path. */
  FileNotFound: 'SERVE_FILE_NOT_FOUND',
  /** A published version's stored bytes are missing or do not match their integrity. */
  LoadFailed: 'SERVE_LOAD_FAILED',
  /** The server is warming up or shutting down; try another replica. */
  NotReady: 'SERVE_NOT_READY',
  /**
   * The main event loop has not beaten its heartbeat within the health listener's threshold
   * (SKILLSHIP_HEALTH_STALE_MS): liveness fails so the process is restarted.
   */
  Stalled: 'SERVE_STALLED',
  /** A costly route (`/metrics`, `/mcp`, search) has its concurrency and queue full; retry later. */
  Busy: 'SERVE_BUSY',
  /** A serving option (cache size, warm-up count, timeouts, metrics prefix) is invalid. */
  ConfigInvalid: 'SERVE_CONFIG_INVALID',
  /** A console form was posted without the session's CSRF value or from another origin. */
  CsrfRejected: 'SERVE_CSRF_REJECTED',
  /** The server cannot listen on its address: taken, privileged, or not this machine's. */
  ListenFailed: 'SERVE_LISTEN_FAILED',
} as const

export type ServeErrorCode = (typeof ServeErrorCode)[keyof typeof ServeErrorCode]
