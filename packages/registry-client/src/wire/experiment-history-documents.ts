/**
 * The wire document of an experiment's daily history (`GET /v1/experiments/:key/history`): one
 * point per UTC day with each arm's cumulative sufficient statistics of the primary metric as
 * they stood at the day's last snapshot, and the always-valid lift interval computed from them.
 * Add fields, never rename or remove them. See docs/registry-api.md, "Experiment history".
 */
import * as z from 'zod/v4/mini'
import type { WireType } from './wire-schema.js'

const count = z.int().check(z.minimum(0))
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))

/** Relative lift of a treatment over control (0.1 = +10%) and its always-valid 95% interval. */
export const liftIntervalSchema = z.object({
  estimate: z.number(),
  lower: z.number(),
  upper: z.number(),
})
export type LiftInterval = WireType<typeof liftIntervalSchema>

/**
 * One arm on one day. `n`, `sum` and `sumSquares` are the primary metric's sufficient statistics
 * (observations, Σx, Σx²); `mean` is `sum / n` (absent while n = 0); `conversions` (= sum) is
 * present for 0/1 metrics. `lift`: treatment arms only, against control, absent while the
 * statistics cannot give one.
 */
export const historyArmSchema = z.object({
  key: z.string(),
  version: z.string(),
  users: count,
  n: count,
  sum: z.number(),
  sumSquares: z.number(),
  mean: z.optional(z.number()),
  conversions: z.optional(z.number()),
  lift: z.optional(liftIntervalSchema),
})
export type HistoryArm = WireType<typeof historyArmSchema>

/** One day: every arm in variant order; `lift` is the first treatment's (the two-arm case). */
export const historyPointSchema = z.object({
  day,
  arms: z.array(historyArmSchema),
  lift: z.optional(liftIntervalSchema),
})
export type HistoryPoint = WireType<typeof historyPointSchema>

/** `GET /v1/experiments/:key/history`: `id` is the experiment's key; points by day, oldest first. */
export const experimentHistorySchema = z.object({
  id: z.string(),
  metric: z.string(),
  points: z.array(historyPointSchema),
})
export type ExperimentHistory = WireType<typeof experimentHistorySchema>
