import { loadDurationBuckets } from '../metrics/serve-metrics.js'
import {
  bucketSlots,
  type LoadStatsRecord,
  type PhaseMilliseconds,
  phaseNames,
} from './stats-store.js'

const hourMs = 3_600_000
const bounds = loadDurationBuckets
const lastBound = bounds.length

interface Entry {
  readonly name: string
  readonly version: string
  readonly hour: number
  loads: number
  hits: number
  timeMs: number
  readonly buckets: Float64Array
  readonly phases: PhaseMilliseconds
}

/** Loads per skill version and hour since the last drain, in memory (see createLoadRecorder). */
export interface LoadRecorder {
  /**
   * Records one successful load: its duration in seconds, whether the content cache answered it,
   * and the milliseconds of each phase it ran (absent phases did not run). Cheap and never throws:
   * it runs on the load path.
   */
  record(
    name: string,
    version: string,
    seconds: number,
    hit: boolean,
    phases: Readonly<PhaseMilliseconds>,
  ): void
  /** The records so far, leaving the recorder empty. */
  drain(): LoadStatsRecord[]
  /** Puts drained records back (a flush that failed), within the same bound. */
  restore(records: readonly LoadStatsRecord[]): void
  /** Loads dropped because the buffer was full, since the start. */
  dropped(): number
}

/**
 * Creates an empty recorder holding at most `maxEntries` (skill version, hour) entries: a load of
 * a version not yet buffered while it is full is dropped and counted (`dropped()`), so memory
 * stays bounded whatever the traffic. Only successful loads are recorded, so keys are existing
 * versions. `now` gives epoch milliseconds (default Date.now).
 */
export function createLoadRecorder(options: {
  readonly maxEntries: number
  readonly now?: () => number
}): LoadRecorder {
  const now = options.now ?? Date.now
  let entries = new Map<string, Entry>()
  let droppedLoads = 0

  const entryFor = (name: string, version: string, hour: number): Entry | undefined => {
    const key = `${hour}\u0000${name}\u0000${version}`
    let entry = entries.get(key)
    if (entry === undefined) {
      if (entries.size >= options.maxEntries) return undefined
      entry = newEntry(name, version, hour)
      entries.set(key, entry)
    }
    return entry
  }

  return {
    record(name, version, seconds, hit, phases) {
      const entry = entryFor(name, version, Math.floor(now() / hourMs))
      if (entry === undefined) {
        droppedLoads++
        return
      }
      entry.loads++
      if (hit) entry.hits++
      const value = seconds >= 0 ? seconds : 0
      entry.timeMs += value * 1000
      let i = 0
      while (i < lastBound && value > (bounds[i] as number)) i++
      entry.buckets[i] = (entry.buckets[i] as number) + 1
      const sums = entry.phases
      sums.resolve += phases.resolve
      sums.blobRead += phases.blobRead
      sums.integrity += phases.integrity
      sums.unpack += phases.unpack
      sums.render += phases.render
    },
    drain() {
      const drained = [...entries.values()].map(toRecord)
      entries = new Map()
      return drained
    },
    restore(records) {
      for (const record of records) {
        const entry = entryFor(record.name, record.version, record.hour)
        if (entry === undefined) {
          droppedLoads += record.loads
          continue
        }
        mergeInto(entry, record)
      }
    },
    dropped: () => droppedLoads,
  }
}

/** Zeroed phase times, one object per load. */
export function noPhases(): PhaseMilliseconds {
  return { resolve: 0, blobRead: 0, integrity: 0, unpack: 0, render: 0 }
}

function newEntry(name: string, version: string, hour: number): Entry {
  return {
    name,
    version,
    hour,
    loads: 0,
    hits: 0,
    timeMs: 0,
    buckets: new Float64Array(bucketSlots),
    phases: noPhases(),
  }
}

function mergeInto(entry: Entry, record: LoadStatsRecord): void {
  entry.loads += record.loads
  entry.hits += record.hits
  entry.timeMs += record.timeMs
  record.buckets.forEach((count, i) => {
    entry.buckets[i] = (entry.buckets[i] as number) + count
  })
  for (const phase of phaseNames) entry.phases[phase] += record.phases[phase]
}

function toRecord(entry: Entry): LoadStatsRecord {
  return {
    name: entry.name,
    version: entry.version,
    hour: entry.hour,
    loads: entry.loads,
    hits: entry.hits,
    timeMs: entry.timeMs,
    buckets: [...entry.buckets],
    phases: { ...entry.phases },
  }
}
