import type { Logger } from 'pino'
import type { ArmObservation, ExperimentStore } from './experiment-store.js'

const maxQueuedObservations = 100_000

/** Observations batched in memory, written by `flush` (every interval and at close). */
export interface ObservationQueue {
  push(...observations: ArmObservation[]): void
  flush(): Promise<void>
  close(): Promise<void>
}

/**
 * Queues observations and writes them with one `addObservations` per flush, every `intervalMs`
 * (unref'd timer) and at close; flushes never overlap. A failed write is logged and kept for the
 * next flush; past 100,000 queued observations new ones are dropped.
 */
export function createObservationQueue(
  store: Pick<ExperimentStore, 'addObservations'>,
  logger: Logger,
  intervalMs: number,
): ObservationQueue {
  let queue: ArmObservation[] = []
  let flushing: Promise<void> = Promise.resolve()

  const write = async (): Promise<void> => {
    if (queue.length === 0) return
    const batch = queue
    queue = []
    try {
      await store.addObservations(batch)
    } catch (error) {
      logger.warn({ err: error, observations: batch.length }, 'experiment observations not saved')
      queue = [...batch, ...queue].slice(0, maxQueuedObservations)
    }
  }
  const flush = (): Promise<void> => {
    flushing = flushing.then(write)
    return flushing
  }
  const timer = setInterval(() => void flush(), intervalMs)
  timer.unref()
  return {
    push(...observations) {
      if (queue.length + observations.length <= maxQueuedObservations) queue.push(...observations)
    },
    flush,
    async close() {
      clearInterval(timer)
      await flush()
    },
  }
}
