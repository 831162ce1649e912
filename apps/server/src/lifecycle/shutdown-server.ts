import type { Server } from 'node:http'
import type { Logger } from 'pino'
import { drainServer } from './drain-server.js'

export interface ShutdownOptions {
  readonly server: Server
  readonly lifecycle: { shuttingDown: boolean }
  /** The whole budget (SKILLSHIP_SHUTDOWN_TIMEOUT_MS): draining plus closing resources. */
  readonly timeoutMs: number
  /** Closed in order once no request runs: listeners, caches, then pools (storage last). */
  readonly resources: readonly (() => Promise<void>)[]
  readonly logger: Logger
}

export interface ShutdownReport {
  /** Requests were still running at the drain deadline and were cut. */
  readonly forced: boolean
  /** A resource did not close within the budget (the process may need to be ended). */
  readonly resourcesTimedOut: boolean
  readonly ms: number
}

/**
 * The server's stop sequence, finished within `timeoutMs`: readiness off at once (/readyz 503),
 * stop accepting, let in-flight requests finish (see drainServer), then close the resources.
 * The drain gets the budget minus a reserve for the resources (a fifth, at most 1 s).
 */
export async function shutdownServer(options: ShutdownOptions): Promise<ShutdownReport> {
  const started = performance.now()
  const { timeoutMs, logger } = options
  options.lifecycle.shuttingDown = true
  const reserve = Math.min(1000, timeoutMs / 5)
  const drained = await drainServer(options.server, { timeoutMs: timeoutMs - reserve })
  if (drained.forced) logger.warn({ ms: drained.ms }, 'shutdown deadline: in-flight requests cut')
  let resourcesTimedOut = false
  const failures: unknown[] = []
  for (const close of options.resources) {
    const left = timeoutMs - (performance.now() - started)
    const outcome = await settleWithin(close, left)
    if (outcome === 'late') {
      resourcesTimedOut = true
      logger.warn({ timeoutMs }, 'shutdown deadline: a resource did not close in time')
      break
    }
    // One resource failing to close must not keep the others open: close them all, then report.
    if (outcome !== 'ok') failures.push(outcome.error)
  }
  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) throw new AggregateError(failures, 'resources failed to close')
  const report = {
    forced: drained.forced,
    resourcesTimedOut,
    ms: Math.round(performance.now() - started),
  }
  logger.info(report, 'skillship server stopped')
  return report
}

/**
 * `shutdownServer` as a `close` that may be called more than once (a signal, then a test's
 * cleanup): the first call runs the sequence (its report is logged), later calls get the same
 * promise.
 */
export function shutdownOnce(options: ShutdownOptions): () => Promise<void> {
  let stopping: Promise<void> | undefined
  return () => {
    stopping ??= shutdownServer(options).then(() => undefined)
    return stopping
  }
}

// Runs `close`, waiting at most `ms`; never rejects (a late failure is dropped with the wait).
async function settleWithin(
  close: () => Promise<void>,
  ms: number,
): Promise<'ok' | 'late' | { readonly error: unknown }> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, ms))
  })
  const settled = Promise.resolve()
    .then(close)
    .then(
      () => 'ok' as const,
      (error: unknown) => ({ error }),
    )
  try {
    return await Promise.race([settled, late])
  } finally {
    clearTimeout(timer)
  }
}
