import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type { ExperimentStore } from '../experiments/experiment-store.js'
import type { BlobStore } from './blob-store.js'

/** The lease only one replica's blob collector holds at a time. */
export const blobCollectorLease = 'blob-collector'
/** Default age below which an unreferenced blob is kept: far above any publish's duration. */
export const defaultBlobGraceMs = 60 * 60 * 1000
/** Default time between two collections. */
export const defaultBlobCollectIntervalMs = 6 * 60 * 60 * 1000

/** Options of {@link startBlobCollector}. */
export interface BlobCollectorOptions {
  readonly blobs: BlobStore
  /** Where the lease lives (the experiment store: same database as the blobs' metadata). */
  readonly leases: Pick<ExperimentStore, 'acquireLease'>
  readonly logger: Logger
  /** Unreferenced blobs last put less than this ago are kept (publishes in flight). */
  readonly graceMs: number
  /** Time between two collections; the lease lives one interval. */
  readonly intervalMs: number
  /** Told how many blobs each collection deleted (the metric). */
  readonly onCollected?: (count: number) => void
  /** The clock (default the system clock). */
  readonly now?: () => Date
  /** This process's identity for the lease (default a random UUID). */
  readonly owner?: string
}

/** A running collector: `collect` runs one collection now (tests); `close` stops it. */
export interface BlobCollector {
  collect(): Promise<number>
  close(): Promise<void>
}

/**
 * Deletes the blobs of crashed publishes: at start (in the background) and every `intervalMs`
 * (an unref'd timer, one collection at a time), when this replica holds the `blob-collector`
 * lease, every blob last put more than `graceMs` ago that no version references. Publishes put the
 * blob before inserting the version row, and a put of a present blob restarts its age, so a blob
 * a publish is about to reference is always younger than the grace. Failures are logged; the next
 * collection retries.
 */
export function startBlobCollector(options: BlobCollectorOptions): BlobCollector {
  const { blobs, leases, logger, graceMs, intervalMs } = options
  const now = options.now ?? (() => new Date())
  const owner = options.owner ?? randomUUID()
  let running: Promise<number> = Promise.resolve(0)
  let busy = false
  let closed = false

  const once = async (): Promise<number> => {
    if (closed) return 0
    try {
      const at = now()
      if (!(await leases.acquireLease(blobCollectorLease, owner, intervalMs, at))) return 0
      const collected = await blobs.collectUnreferenced(new Date(at.getTime() - graceMs))
      options.onCollected?.(collected)
      if (collected > 0) logger.info({ collected }, 'unreferenced blobs collected')
      return collected
    } catch (error) {
      logger.error({ err: error }, 'blob collection failed')
      return 0
    }
  }

  const collect = (): Promise<number> => {
    busy = true
    running = running.then(once).finally(() => {
      busy = false
    })
    return running
  }
  // A slow collection is never stacked behind another: the timer skips while one runs.
  const timer = setInterval(() => {
    if (!busy) void collect()
  }, intervalMs)
  timer.unref()
  void collect()
  return {
    collect,
    async close() {
      closed = true
      clearInterval(timer)
      await running
    },
  }
}
