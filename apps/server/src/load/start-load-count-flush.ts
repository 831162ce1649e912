import type { Logger } from 'pino'
import type { MetadataStore } from '../storage/metadata-store.js'
import type { LoadCounter } from './load-counter.js'

/** Periodic flushing of load counts; `close` stops it and flushes what is left. */
export interface LoadCountFlush {
  flush(): Promise<void>
  close(): Promise<void>
}

/**
 * Every `intervalMs` (default 30 s; the timer is unref'd, so it never keeps the process alive)
 * adds the counter's counts to storage (`recordLoads`), for the next start's warm-up. A failed
 * flush is logged and its counts are put back for the next one; counts of a process that dies
 * between flushes are lost, which only makes warm-up slightly less exact.
 */
export function startLoadCountFlush(options: {
  readonly counter: LoadCounter
  readonly metadata: Pick<MetadataStore, 'recordLoads'>
  readonly logger: Logger
  readonly intervalMs?: number
}): LoadCountFlush {
  const { counter, metadata, logger } = options
  let running: Promise<void> = Promise.resolve()
  const flushOnce = async (): Promise<void> => {
    const counts = counter.drain()
    if (counts.size === 0) return
    try {
      await metadata.recordLoads(counts)
    } catch (error) {
      counter.restore(counts)
      logger.warn({ err: error, skills: counts.size }, 'could not record load counts; will retry')
    }
  }
  // Flushes run one after another, so a slow one is never overlapped by the next.
  const flush = (): Promise<void> => {
    running = running.then(flushOnce)
    return running
  }
  const timer = setInterval(() => void flush(), options.intervalMs ?? 30_000)
  timer.unref()
  return {
    flush,
    async close() {
      clearInterval(timer)
      await flush()
    },
  }
}
