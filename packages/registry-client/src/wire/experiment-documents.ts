/**
 * The wire documents of experiments (A/B tests across skill versions). Field names are part of the
 * public contract: add fields, never rename or remove them. See docs/registry-api.md.
 */

export type ExperimentStatus = 'draft' | 'running' | 'stopped' | 'rolled-back' | 'promoted'

/** One arm: a published version of the skill and its share of covered users. */
export interface ExperimentVariant {
  /** `control` for the first arm; short lowercase keys (`b`, `treatment`) for the others. */
  readonly key: string
  readonly version: string
  /** Relative weight; the server normalises the weights to sum to 1. */
  readonly weight: number
}

/** A metric that must not get worse in any treatment arm; a significant regression rolls back. */
export interface ExperimentGuardrail {
  readonly metric: string
  /** Whether smaller values are better (load time, errors) or larger ones (success). */
  readonly direction: 'lower-is-better' | 'higher-is-better'
}

/** Coverage raised to `coverage` from instant `at` (ISO 8601) on. */
export interface ExperimentRampStep {
  readonly at: string
  readonly coverage: number
}

/** `POST /v1/experiments` body. */
export interface CreateExperimentRequest {
  readonly key: string
  readonly skill: string
  readonly variants: readonly ExperimentVariant[]
  /** Share of users in the experiment (0..1]; the others get control without an exposure. */
  readonly coverage?: number
  /** The metric the experiment decides on (an outcome event metric, e.g. `success`). */
  readonly primaryMetric: string
  /** Default: `load_time_ms` and `error`, both lower-is-better (recorded automatically). */
  readonly guardrails?: readonly ExperimentGuardrail[]
  readonly ramp?: readonly ExperimentRampStep[]
  /** Hashing seed; default: a random one chosen at creation. */
  readonly seed?: string
}

/** How an experiment ended. */
export interface ExperimentDecision {
  readonly action: 'stopped' | 'rolled-back' | 'promoted'
  readonly reason: string
  /** ISO 8601. */
  readonly at: string
  /** Who decided: a token name, or `evaluator`. */
  readonly by: string
}

/** An experiment: `GET /v1/experiments/:key`. */
export interface ExperimentDocument {
  readonly key: string
  readonly skill: string
  readonly seed: string
  readonly status: ExperimentStatus
  readonly variants: readonly ExperimentVariant[]
  readonly coverage: number
  readonly primaryMetric: string
  readonly guardrails: readonly ExperimentGuardrail[]
  readonly ramp: readonly ExperimentRampStep[]
  /** ISO 8601. */
  readonly createdAt: string
  readonly startedAt: string | null
  readonly endedAt: string | null
  readonly decision: ExperimentDecision | null
}

/** Count, sum and sum of squares of one metric in one arm. */
export interface MetricStats {
  readonly n: number
  readonly sum: number
  readonly sumSquares: number
}

/** What one arm has seen. */
export interface ExperimentArmReport {
  readonly variant: string
  readonly version: string
  /** Distinct users served this arm. */
  readonly users: number
  readonly metrics: Readonly<Record<string, MetricStats>>
}

/** One metric's comparison of a treatment arm with control. */
export interface MetricComparison {
  readonly metric: string
  readonly variant: string
  readonly controlMean: number | null
  readonly variantMean: number | null
  /** Relative lift (variant / control - 1) with its always-valid 95% interval. */
  readonly lift: number | null
  readonly liftInterval: readonly [number, number] | null
  readonly pValue: number | null
  readonly chanceToWin: number | null
}

/** `GET /v1/experiments/:key/report`: counts, means, lift, chance to win, SRM, guardrails. */
export interface ExperimentReport {
  readonly experiment: ExperimentDocument
  readonly arms: readonly ExperimentArmReport[]
  readonly primary: readonly MetricComparison[]
  /** Sample-ratio-mismatch chi-square p-value over the arms' users (null with too few). */
  readonly srmPValue: number | null
  readonly guardrails: readonly {
    readonly metric: string
    readonly variant: string
    readonly state: 'ok' | 'worse' | 'inconclusive'
  }[]
}

/** One outcome event: `POST /v1/events` carries up to 1,000 of them. */
export interface OutcomeEvent {
  /** Client-chosen unique id: a repeated id is counted once (retries are safe). */
  readonly id: string
  /** The experiment; default: the running experiment of `skill`, if any. */
  readonly experiment?: string
  readonly skill: string
  readonly version: string
  readonly user: string
  readonly metric: string
  readonly value: number
}

export interface EventsRequest {
  readonly events: readonly OutcomeEvent[]
}

/** How many events were counted, and how many were repeats of ids seen before. */
export interface EventsResponse {
  readonly accepted: number
  readonly duplicates: number
  /** Events that belong to no running experiment, or to an arm the user was not assigned. */
  readonly ignored: number
}

/** `GET /v1/experiments/assignment?skill=&user=`: which version this user gets. */
export interface AssignmentResponse {
  readonly skill: string
  /** The running experiment, or null when there is none (or the user is not covered). */
  readonly experiment: string | null
  readonly variant: string | null
  readonly version: string
}
