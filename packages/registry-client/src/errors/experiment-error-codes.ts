/**
 * Stable codes of experiments, shared by the server (which maps them to HTTP statuses) and the
 * client (which rebuilds them from the error body). Documented in docs/errors.md.
 */
export const ExperimentErrorCode = {
  /** No experiment with that key. */
  NotFound: 'EXPERIMENT_NOT_FOUND',
  /** The key is taken. */
  Exists: 'EXPERIMENT_EXISTS',
  /** The definition is invalid: key, variants, weights, coverage, versions not published, ramp. */
  Invalid: 'EXPERIMENT_INVALID',
  /** The change does not fit the experiment's state (not a draft, already ended, another running). */
  Conflict: 'EXPERIMENT_CONFLICT',
  /** A `POST /v1/events` body that is not a list of valid events (or over the limit). */
  EventsInvalid: 'EXPERIMENT_EVENTS_INVALID',
  /** Past this replica's limit of events per token or per user (HTTP 429 with Retry-After). */
  EventsLimited: 'EXPERIMENT_EVENTS_LIMITED',
} as const

export type ExperimentErrorCode = (typeof ExperimentErrorCode)[keyof typeof ExperimentErrorCode]
