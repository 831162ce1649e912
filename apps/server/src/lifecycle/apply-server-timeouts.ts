import type { Server } from 'node:http'
import type { ServeConfig } from '../config/serve-config.js'

/** Node's default time to receive a whole request; long enough for a large upload on a slow link. */
export const requestTimeoutMs = 300_000

/**
 * Sets the HTTP server's timeouts from the serving configuration:
 * - `keepAliveTimeout` (SKILLSHIP_KEEP_ALIVE_TIMEOUT_MS, default 65 s): idle keep-alive sockets
 *   close after it. Keep it above the load balancer's idle timeout (60 s on AWS ALB) so the
 *   balancer, not the server, closes idle connections: otherwise a request sent as the server
 *   closes the socket fails with a reset.
 * - `headersTimeout` (SKILLSHIP_HEADERS_TIMEOUT_MS, default 66 s, above keepAliveTimeout as Node
 *   requires): a client that trickles its headers (slowloris) is cut.
 * - `requestTimeout` (300 s, never below headersTimeout): the whole request, body included.
 * Node checks the last two every 30 s (`connectionsCheckingInterval`), so they fire up to 30 s late.
 */
export function applyServerTimeouts(
  server: Server,
  serve: Pick<ServeConfig, 'keepAliveTimeoutMs' | 'headersTimeoutMs'>,
): void {
  server.keepAliveTimeout = serve.keepAliveTimeoutMs
  server.headersTimeout = serve.headersTimeoutMs
  server.requestTimeout = Math.max(requestTimeoutMs, serve.headersTimeoutMs)
}
