import { compareText } from '@skillship/core/plain-data'
import type { LoadStatsPoint, SkillStats } from '@skillship/registry-client'
import { loadDurationBuckets } from '../metrics/serve-metrics.js'
import { dayOfHour, type LoadStatsRecord, phaseNames } from './stats-store.js'

const hourMs = 3_600_000

/** The first hour of the window of `days` UTC days ending today (`now` in epoch ms). */
export function windowStartHour(now: number, days: number): number {
  const today = Math.floor(now / (24 * hourMs)) * 24
  return today - (days - 1) * 24
}

/**
 * The `SkillStats` document of `name` from its stored records (those from windowStartHour on):
 * records summed per day and version, percentiles from the summed buckets, phase sums divided
 * by the window's loads.
 */
export function buildSkillStats(
  name: string,
  records: readonly LoadStatsRecord[],
  now: number,
  days: number,
): SkillStats {
  const byKey = new Map<string, { day: string; version: string; sum: Summed }>()
  const total = emptySum()
  for (const record of records) {
    const day = dayOfHour(record.hour)
    const key = `${day}\u0000${record.version}`
    let entry = byKey.get(key)
    if (entry === undefined) {
      entry = { day, version: record.version, sum: emptySum() }
      byKey.set(key, entry)
    }
    add(entry.sum, record)
    add(total, record)
  }
  const series: LoadStatsPoint[] = [...byKey.values()]
    .sort((a, b) =>
      a.day === b.day ? compareText(a.version, b.version) : compareText(a.day, b.day),
    )
    .map(({ day, version, sum }) => ({
      day,
      version,
      loads: sum.loads,
      hits: sum.hits,
      loadTimeMs: { p50: percentileMs(sum.buckets, 0.5), p95: percentileMs(sum.buckets, 0.95) },
    }))
  const mean = (value: number) => (total.loads === 0 ? 0 : value / total.loads)
  return {
    name,
    from: dayOfHour(windowStartHour(now, days)),
    to: dayOfHour(Math.floor(now / hourMs)),
    series,
    phases: {
      resolve: mean(total.phases[0] ?? 0),
      blobRead: mean(total.phases[1] ?? 0),
      integrity: mean(total.phases[2] ?? 0),
      unpack: mean(total.phases[3] ?? 0),
      render: mean(total.phases[4] ?? 0),
    },
  }
}

/**
 * The `q` quantile (0..1) of a histogram of `loadDurationBuckets` (seconds), in milliseconds:
 * linear within the bucket holding it, from the previous bound (0 for the first); a quantile in
 * the slot above every bound is the last bound. Null for an empty histogram.
 */
export function percentileMs(buckets: readonly number[], q: number): number | null {
  const count = buckets.reduce((a, b) => a + b, 0)
  if (count === 0) return null
  const rank = q * count
  let below = 0
  for (let i = 0; i < buckets.length; i++) {
    const inBucket = buckets[i] ?? 0
    const upper = loadDurationBuckets[i]
    if (upper === undefined) break
    if (inBucket > 0 && below + inBucket >= rank) {
      const lower = loadDurationBuckets[i - 1] ?? 0
      return (lower + ((upper - lower) * (rank - below)) / inBucket) * 1000
    }
    below += inBucket
  }
  return (loadDurationBuckets[loadDurationBuckets.length - 1] ?? 0) * 1000
}

interface Summed {
  loads: number
  hits: number
  readonly buckets: number[]
  readonly phases: number[]
}

function emptySum(): Summed {
  return { loads: 0, hits: 0, buckets: [], phases: [0, 0, 0, 0, 0] }
}

function add(sum: Summed, record: LoadStatsRecord): void {
  sum.loads += record.loads
  sum.hits += record.hits
  record.buckets.forEach((count, i) => {
    sum.buckets[i] = (sum.buckets[i] ?? 0) + count
  })
  phaseNames.forEach((phase, i) => {
    sum.phases[i] = (sum.phases[i] ?? 0) + record.phases[phase]
  })
}
