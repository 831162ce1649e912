/**
 * The wire document of a skill's recorded load statistics (`GET /v1/skills/:name/stats`), the
 * series the console's charts draw. Field names are part of the public contract: add fields,
 * never rename or remove them. See docs/registry-api.md, "Load statistics".
 */
import * as z from 'zod/v4/mini'
import type { WireType } from './wire-schema.js'

const count = z.int().check(z.minimum(0))
const milliseconds = z.number().check(z.minimum(0))
/** A UTC calendar day, `YYYY-MM-DD`. */
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))

/** The most days one stats request may cover; the default is {@link defaultStatsDays}. */
export const maxStatsDays = 90
export const defaultStatsDays = 30

/**
 * Estimated load-time percentiles of a day, in milliseconds, interpolated within the recorded
 * histogram buckets (the bucket bounds of `skill_load_duration_seconds`); null without loads.
 */
export const loadTimePercentilesSchema = z.object({
  p50: z.nullable(milliseconds),
  p95: z.nullable(milliseconds),
})
export type LoadTimePercentiles = WireType<typeof loadTimePercentilesSchema>

/** Loads of one version on one UTC day: `hits` were answered from the server's content cache. */
export const loadStatsPointSchema = z.object({
  day,
  version: z.string(),
  loads: count,
  hits: count,
  loadTimeMs: loadTimePercentilesSchema,
})
export type LoadStatsPoint = WireType<typeof loadStatsPointSchema>

/**
 * Mean milliseconds per load spent in each phase over the window: resolving name and range to a
 * version, reading the tarball from blob storage, checking its integrity, unpacking it, rendering
 * the answer. A cache hit spends nothing in the last four, so they weigh misses by their share.
 */
export const loadPhasesSchema = z.object({
  resolve: milliseconds,
  blobRead: milliseconds,
  integrity: milliseconds,
  unpack: milliseconds,
  render: milliseconds,
})
export type LoadPhases = WireType<typeof loadPhasesSchema>

/**
 * `GET /v1/skills/:name/stats?days=N`: the window `from`..`to` (UTC days, both included, `to`
 * today), one point per day and version with loads (ordered by day, then version), and the
 * phase means over the window.
 */
export const skillStatsSchema = z.object({
  name: z.string(),
  from: day,
  to: day,
  series: z.array(loadStatsPointSchema),
  phases: loadPhasesSchema,
})
export type SkillStats = WireType<typeof skillStatsSchema>
