import type { Logger } from 'pino'
import type { LoadRecorder } from './load-recorder.js'
import type { StatsStore } from './stats-store.js'

/** Periodic writing and pruning of load statistics; `close` stops it and writes what is left. */
export interface StatsFlush {
  flush(): Promise<void>
  prune(): Promise<void>
  close(): Promise<void>
}

const hourMs = 3_600_000

/**
 * Every `intervalMs` (timers unref'd) adds the recorder's records to storage; a failed write is
 * logged and its records put back for the next one. A process that dies between two flushes loses
 * at most one interval of statistics. Every hour, and once at start, deletes what is older than
 * `retentionDays` (load hours and experiment snapshots); any replica may, deleting is idempotent.
 */
export function startStatsFlush(options: {
  readonly recorder: LoadRecorder
  readonly store: Pick<StatsStore, 'addLoadStats' | 'pruneBefore'>
  readonly logger: Logger
  readonly intervalMs: number
  readonly retentionDays: number
  readonly now?: () => number
}): StatsFlush {
  const { recorder, store, logger } = options
  const now = options.now ?? Date.now
  let running: Promise<void> = Promise.resolve()
  const flushOnce = async (): Promise<void> => {
    const records = recorder.drain()
    if (records.length === 0) return
    try {
      await store.addLoadStats(records)
    } catch (error) {
      recorder.restore(records)
      logger.warn({ err: error, records: records.length }, 'could not record load statistics')
    }
  }
  const pruneOnce = async (): Promise<void> => {
    const cutoff = Math.floor(now() / hourMs) - options.retentionDays * 24
    try {
      const removed = await store.pruneBefore(cutoff)
      if (removed > 0) logger.info({ removed }, 'pruned statistics past their retention')
    } catch (error) {
      logger.warn({ err: error }, 'could not prune statistics; will retry')
    }
  }
  // One write at a time, so a slow one is never overlapped by the next.
  const serial = (work: () => Promise<void>): Promise<void> => {
    running = running.then(work)
    return running
  }
  const flush = () => serial(flushOnce)
  const prune = () => serial(pruneOnce)
  const flushTimer = setInterval(() => void flush(), options.intervalMs)
  flushTimer.unref()
  const pruneTimer = setInterval(() => void prune(), hourMs)
  pruneTimer.unref()
  void prune()
  return {
    flush,
    prune,
    async close() {
      clearInterval(flushTimer)
      clearInterval(pruneTimer)
      await flush()
    },
  }
}
