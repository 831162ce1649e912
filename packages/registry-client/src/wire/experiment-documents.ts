/**
 * The wire documents of experiments (A/B tests across skill versions), one schema each, types
 * inferred (see documents.ts). Field names are part of the public contract: add fields, never
 * rename or remove them. See docs/registry-api.md.
 */
import * as z from 'zod/v4/mini'
import type { WireType } from './wire-schema.js'

const count = z.int().check(z.minimum(0))
const nullableNumber = z.nullable(z.number())
const instant = z.string()

export const experimentStatusSchema = z.enum([
  'draft',
  'running',
  'stopped',
  'rolled-back',
  'promoted',
])
export type ExperimentStatus = WireType<typeof experimentStatusSchema>

/**
 * One arm: a published version of the skill and its share of covered users. `key` is `control`
 * for the first arm, short lowercase keys (`b`, `treatment`) for the others; `weight` is relative
 * (the server normalises the weights to sum to 1).
 */
export const experimentVariantSchema = z.object({
  key: z.string(),
  version: z.string(),
  weight: z.number(),
})
export type ExperimentVariant = WireType<typeof experimentVariantSchema>

/**
 * A metric that must not get worse in any treatment arm (a significant regression rolls back);
 * `direction` says whether smaller values are better (load time, errors) or larger ones.
 */
export const experimentGuardrailSchema = z.object({
  metric: z.string(),
  direction: z.enum(['lower-is-better', 'higher-is-better']),
})
export type ExperimentGuardrail = WireType<typeof experimentGuardrailSchema>

/** Coverage raised to `coverage` from instant `at` (ISO 8601) on. */
export const experimentRampStepSchema = z.object({ at: instant, coverage: z.number() })
export type ExperimentRampStep = WireType<typeof experimentRampStepSchema>

/**
 * `POST /v1/experiments` body. `coverage`: share of users in the experiment (0..1]; the others
 * get control without an exposure. `primaryMetric`: the outcome event metric the experiment
 * decides on. `guardrails` default to `load_time_ms` and `error`, both lower-is-better (recorded
 * automatically). `seed`: hashing seed, default a random one chosen at creation.
 */
export const createExperimentRequestSchema = z.object({
  key: z.string(),
  skill: z.string(),
  variants: z.array(experimentVariantSchema),
  coverage: z.optional(z.number()),
  primaryMetric: z.string(),
  guardrails: z.optional(z.array(experimentGuardrailSchema)),
  ramp: z.optional(z.array(experimentRampStepSchema)),
  seed: z.optional(z.string()),
})
export type CreateExperimentRequest = WireType<typeof createExperimentRequestSchema>

/**
 * `POST /v1/experiments/:key/{start,stop,rollback,promote}` body: none, or `{ variant }` for
 * promote (default: the server's pick of the winner).
 */
export const experimentActionBodySchema = z.object({ variant: z.optional(z.string()) })
export type ExperimentActionBody = WireType<typeof experimentActionBodySchema>

/** How an experiment ended, when (ISO 8601) and by whom (a token name, or `evaluator`). */
export const experimentDecisionSchema = z.object({
  action: z.enum(['stopped', 'rolled-back', 'promoted']),
  reason: z.string(),
  at: instant,
  by: z.string(),
})
export type ExperimentDecision = WireType<typeof experimentDecisionSchema>

/** An experiment: `GET /v1/experiments/:key`. Instants are ISO 8601. */
export const experimentDocumentSchema = z.object({
  key: z.string(),
  skill: z.string(),
  seed: z.string(),
  status: experimentStatusSchema,
  variants: z.array(experimentVariantSchema),
  coverage: z.number(),
  primaryMetric: z.string(),
  guardrails: z.array(experimentGuardrailSchema),
  ramp: z.array(experimentRampStepSchema),
  createdAt: instant,
  startedAt: z.nullable(instant),
  endedAt: z.nullable(instant),
  decision: z.nullable(experimentDecisionSchema),
})
export type ExperimentDocument = WireType<typeof experimentDocumentSchema>

/** `GET /v1/experiments[?skill=]` answer. */
export const experimentListSchema = z.object({ experiments: z.array(experimentDocumentSchema) })

/** Count, sum and sum of squares of one metric in one arm. */
export const metricStatsSchema = z.object({ n: count, sum: z.number(), sumSquares: z.number() })
export type MetricStats = WireType<typeof metricStatsSchema>

/** What one arm has seen; `users` counts the distinct users served this arm. */
export const experimentArmReportSchema = z.object({
  variant: z.string(),
  version: z.string(),
  users: count,
  metrics: z.record(z.string(), metricStatsSchema),
})
export type ExperimentArmReport = WireType<typeof experimentArmReportSchema>

/**
 * One metric's comparison of a treatment arm with control: relative `lift` (variant / control -
 * 1) with its always-valid 95% interval.
 */
export const metricComparisonSchema = z.object({
  metric: z.string(),
  variant: z.string(),
  controlMean: nullableNumber,
  variantMean: nullableNumber,
  lift: nullableNumber,
  liftInterval: z.nullable(z.tuple([z.number(), z.number()])),
  pValue: nullableNumber,
  chanceToWin: nullableNumber,
})
export type MetricComparison = WireType<typeof metricComparisonSchema>

/**
 * `GET /v1/experiments/:key/report`: counts, means, lift, chance to win, SRM (the chi-square
 * p-value over the arms' users, null with too few), guardrails.
 */
export const experimentReportSchema = z.object({
  experiment: experimentDocumentSchema,
  arms: z.array(experimentArmReportSchema),
  primary: z.array(metricComparisonSchema),
  srmPValue: nullableNumber,
  guardrails: z.array(
    z.object({
      metric: z.string(),
      variant: z.string(),
      state: z.enum(['ok', 'worse', 'inconclusive']),
    }),
  ),
})
export type ExperimentReport = WireType<typeof experimentReportSchema>

/** One outcome event: `POST /v1/events` carries up to 1,000 of them. */
export interface OutcomeEvent {
  /** Client-chosen unique id: a repeated id is counted once (retries are safe). */
  readonly id: string
  /** The experiment; default: the running experiment of `skill`, if any. */
  readonly experiment?: string
  readonly skill: string
  /**
   * The version the user ran. When given, the event counts only if it is the user's arm's version
   * (a client that loaded another version, for example pinned, is not part of the test); when
   * absent, it counts into the arm the user is assigned.
   */
  readonly version?: string
  readonly user: string
  readonly metric: string
  readonly value: number
}

/** `POST /v1/events` body (its schema belongs to the events route's owner, `event-schemas.ts`). */
export interface EventsRequest {
  readonly events: readonly OutcomeEvent[]
}

/**
 * How many events were counted, how many were repeats of ids seen before, and how many were
 * ignored (no running experiment, or an arm the user was not assigned).
 */
export const eventsResponseSchema = z.object({
  accepted: count,
  duplicates: count,
  ignored: count,
})
export type EventsResponse = WireType<typeof eventsResponseSchema>

/**
 * `GET /v1/experiments/assignment?skill=&user=`: which version this user gets; `experiment` and
 * `variant` are null when none runs (or the user is not covered).
 */
export const assignmentResponseSchema = z.object({
  skill: z.string(),
  experiment: z.nullable(z.string()),
  variant: z.nullable(z.string()),
  version: z.string(),
})
export type AssignmentResponse = WireType<typeof assignmentResponseSchema>
