import type { Logger } from 'pino'
import { lifecycleNotReady } from '../lifecycle/lifecycle-not-ready.js'
import type { HealthState } from './health-state.js'

/** A storage ping slower than this counts as unreachable (probes time out after 1 s by default). */
export const readinessPingTimeoutMs = 1000

/** How often the main thread beats: far below any staleness threshold, a timer's cost per beat. */
export const heartbeatEveryMs = 100

/** How often the health listener's readiness pings storage (the main listener's pings per probe). */
export const storagePingEveryMs = 1000

/**
 * Pings storage, waiting at most {@link readinessPingTimeoutMs}; true when it answered, else logs
 * why at warn (a slow ping, or its error) and returns false. Never rejects.
 */
export async function storageAnswers(
  ping: () => Promise<void>,
  logger: Pick<Logger, 'warn'>,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), readinessPingTimeoutMs)
  })
  const answered = Promise.resolve()
    .then(ping)
    .then(
      () => 'ok' as const,
      (error: unknown) => ({ error }),
    )
  try {
    const outcome = await Promise.race([answered, slow])
    if (outcome === 'ok') return true
    logger.warn(
      outcome === 'slow' ? { timeoutMs: readinessPingTimeoutMs } : { err: outcome.error },
      'readiness check failed: storage does not answer',
    )
    return false
  } finally {
    clearTimeout(timer)
  }
}

/** What the reporter publishes from. */
export interface HealthReporterOptions {
  readonly state: HealthState
  readonly lifecycle: { readonly shuttingDown: boolean; readonly warm?: boolean }
  readonly ping: () => Promise<void>
  readonly logger: Pick<Logger, 'warn'>
}

/** The running reporter; `close` stops its timers (the last state stays as it was). */
export interface HealthReporter {
  close(): void
}

/**
 * The main thread's side of the health listener: beats every {@link heartbeatEveryMs} (a timer on
 * the main event loop, so a loop that cannot run timers stops beating) and publishes readiness on
 * every beat: the lifecycle's (shutting down, warming up) first, else the last storage ping's (warming
 * up until the first answers), pinged every {@link storagePingEveryMs}, one ping at a time. Timers are unref'd: they never
 * keep the process alive.
 */
export function startHealthReporter(options: HealthReporterOptions): HealthReporter {
  const { state, lifecycle } = options
  // Unknown until the first ping answers: reported as still warming up, never as ready.
  let storageOk: boolean | undefined
  let pinging = false
  let lastPing = Number.NEGATIVE_INFINITY
  const tick = (): void => {
    state.beat()
    const now = performance.now()
    if (!pinging && !lifecycle.shuttingDown && now - lastPing >= storagePingEveryMs) {
      pinging = true
      lastPing = now
      void storageAnswers(options.ping, options.logger).then((ok) => {
        storageOk = ok
        pinging = false
      })
    }
    const storage =
      storageOk === undefined ? 'warming-up' : storageOk ? undefined : 'storage-unavailable'
    state.publishReadiness(lifecycleNotReady(lifecycle) ?? storage)
  }
  tick()
  const timer = setInterval(tick, heartbeatEveryMs)
  timer.unref()
  return { close: () => clearInterval(timer) }
}
