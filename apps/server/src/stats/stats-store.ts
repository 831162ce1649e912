/**
 * Storage of the time series the console draws: loads per skill, version and UTC hour, and daily
 * snapshots of experiment arms. Two implementations (SQLite embedded, PostgreSQL) run one contract
 * suite (test/contract/stats-store.contract.ts). Every method is atomic on its own.
 */

/** Milliseconds spent per phase of the load path (sums over loads when stored). */
export interface PhaseMilliseconds {
  resolve: number
  blobRead: number
  integrity: number
  unpack: number
  render: number
}

export const phaseNames = ['resolve', 'blobRead', 'integrity', 'unpack', 'render'] as const
export type PhaseName = (typeof phaseNames)[number]

/** The loads of one skill version in one UTC hour (or what one replica saw of them). */
export interface LoadStatsRecord {
  readonly name: string
  readonly version: string
  /** UTC hour as whole hours since the epoch (`Math.floor(ms / 3_600_000)`). */
  readonly hour: number
  readonly loads: number
  readonly hits: number
  /** Sum of the loads' durations, milliseconds. */
  readonly timeMs: number
  /**
   * Loads per bucket of `loadDurationBuckets` (seconds): `buckets[i]` counts loads in
   * (bound[i-1], bound[i]], the last slot those above every bound. Length {@link bucketSlots}.
   */
  readonly buckets: readonly number[]
  /** Sums per phase, milliseconds. */
  readonly phases: Readonly<PhaseMilliseconds>
}

/** One metric's sufficient statistics. */
export interface SnapshotStats {
  readonly n: number
  readonly sum: number
  readonly sumSquares: number
}

/** One arm of an experiment as it stood at a snapshot (cumulative since the start). */
export interface ArmSnapshot {
  readonly variant: string
  readonly users: number
  /** Metric name -> statistics (the primary metric and the guardrails). */
  readonly metrics: Readonly<Record<string, SnapshotStats>>
}

/** The snapshot of one experiment on one UTC day (`YYYY-MM-DD`). */
export interface ExperimentSnapshot {
  readonly day: string
  readonly arms: readonly ArmSnapshot[]
}

export interface StatsStore {
  /**
   * Adds each record to the stored one of its (name, version, hour), creating it when missing:
   * counts and sums are added, never replaced, so replicas flushing at once lose nothing.
   * Batches of up to ~10,000 records. Refuses (RangeError, nothing written) a count that is not a
   * whole number ≥ 0, a sum that is not finite and ≥ 0, or buckets of the wrong length.
   */
  addLoadStats(records: readonly LoadStatsRecord[]): Promise<void>
  /** The records of `name` from hour `fromHour` on, ordered by hour, then version. */
  readLoadStats(name: string, fromHour: number): Promise<LoadStatsRecord[]>
  /** Replaces the snapshot of `experiment` for `snapshot.day` (every arm of that day). */
  putExperimentSnapshot(experiment: string, snapshot: ExperimentSnapshot): Promise<void>
  /** The snapshots of `experiment`, oldest day first, arms ordered by variant key. */
  readExperimentSnapshots(experiment: string): Promise<ExperimentSnapshot[]>
  /**
   * Deletes load records of hours before `hour` and snapshots of days before the day holding
   * that hour. Returns how many rows went.
   */
  pruneBefore(hour: number): Promise<number>
}

/** Slots of a stored histogram: the bounds of loadDurationBuckets plus one above them all. */
export const bucketSlots = 18

/** Throws a RangeError for the first record {@link StatsStore.addLoadStats} must refuse. */
export function assertLoadStats(records: readonly LoadStatsRecord[]): void {
  const whole = (value: number) => Number.isSafeInteger(value) && value >= 0
  const amount = (value: number) => Number.isFinite(value) && value >= 0
  for (const record of records) {
    const ok =
      whole(record.hour) &&
      whole(record.loads) &&
      whole(record.hits) &&
      record.hits <= record.loads &&
      amount(record.timeMs) &&
      record.buckets.length === bucketSlots &&
      record.buckets.every(whole) &&
      phaseNames.every((phase) => amount(record.phases[phase]))
    if (!ok) {
      throw new RangeError(`Load statistics of ${record.name}@${record.version} are out of range`)
    }
  }
}

/** `a` and `b` (the same key) summed: counts, times, buckets and phases. */
export function sumLoadStats(a: LoadStatsRecord, b: LoadStatsRecord): LoadStatsRecord {
  const phases = { ...a.phases }
  for (const phase of phaseNames) phases[phase] += b.phases[phase]
  return {
    ...a,
    loads: a.loads + b.loads,
    hits: a.hits + b.hits,
    timeMs: a.timeMs + b.timeMs,
    buckets: a.buckets.map((count, i) => count + (b.buckets[i] ?? 0)),
    phases,
  }
}

/** `YYYY-MM-DD` of a UTC hour number. */
export function dayOfHour(hour: number): string {
  return new Date(hour * 3_600_000).toISOString().slice(0, 10)
}
