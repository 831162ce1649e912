import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer } from 'node:net'

export interface DrainOptions {
  /** In-flight requests still running after this are cut (their connections destroyed). */
  readonly timeoutMs: number
  /**
   * How long an idle keep-alive connection may stay open after the drain began, in case its client
   * sends one more request (answered, with `Connection: close`). Default min(1 s, timeoutMs / 4).
   */
  readonly idleGraceMs?: number
}

export interface DrainReport {
  /** True when requests were still running at the deadline and their connections were cut. */
  readonly forced: boolean
  readonly ms: number
}

/**
 * Drains an HTTP server without failing a request it accepted:
 * 1. stops listening (new connections are refused), but keeps open keep-alive connections;
 * 2. every request received from now on is answered with `Connection: close`, so a busy
 *    keep-alive connection ends after its next response and its client reconnects elsewhere
 *    (a response already under way keeps its keep-alive header: Node offers no way to reach it);
 * 3. after `idleGraceMs`, and again every `idleGraceMs`, closes connections that are idle;
 * 4. at `timeoutMs`, destroys whatever is left.
 * Node's own `server.close()` closes idle keep-alive connections at once (step 3 without the
 * grace), which resets a request a client is sending on one at that moment, the common case under
 * load; and it never closes a connection that was busy at close time until keepAliveTimeout.
 * Not covered: a connection the kernel completed but the process had not accepted yet when the
 * listener closes is reset by the kernel (ECONNRESET before any byte); readiness going off first
 * (shutdownServer) keeps new connections away, and clients retry such a reset like a refusal.
 */
export async function drainServer(server: Server, options: DrainOptions): Promise<DrainReport> {
  const started = performance.now()
  const idleGraceMs = options.idleGraceMs ?? Math.min(1000, options.timeoutMs / 4)
  const closeAfterResponse = (_request: IncomingMessage, response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('connection', 'close')
  }
  server.prependListener('request', closeAfterResponse)
  let forced = false
  const idle = setInterval(() => server.closeIdleConnections(), Math.max(1, idleGraceMs))
  const deadline = setTimeout(() => {
    forced = true
    server.closeAllConnections()
  }, options.timeoutMs)
  try {
    // net.Server's close: stop listening, call back once every connection has ended. (http.Server's
    // override would also close idle connections immediately; see above.) A server that is not
    // listening calls back at once with ERR_SERVER_NOT_RUNNING, which is fine here.
    await new Promise<void>((resolve) => {
      NetServer.prototype.close.call(server, () => resolve())
    })
  } finally {
    clearInterval(idle)
    clearTimeout(deadline)
    server.removeListener('request', closeAfterResponse)
  }
  return { forced, ms: Math.round(performance.now() - started) }
}
