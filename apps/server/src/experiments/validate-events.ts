import {
  ExperimentErrorCode,
  type OutcomeEvent,
  parseEventsRequest,
} from '@skillship/registry-client'
import { experimentError } from './experiment-error.js'

/** Bound of a `POST /v1/events` body (1,000 events of about 500 bytes each, with room). */
export const maxEventsBodyBytes = 1024 * 1024

/**
 * Checks a whole `POST /v1/events` body against the shared wire schema (event-schemas.ts) before
 * anything is counted: EXPERIMENT_EVENTS_INVALID with `details.index` (and `details.field`) of the
 * first bad event.
 */
export function validateEvents(body: unknown): OutcomeEvent[] {
  const parsed = parseEventsRequest(body)
  if (parsed.ok) return parsed.events.map(withoutUndefined)
  const { index, field, message } = parsed.problem
  throw experimentError(ExperimentErrorCode.EventsInvalid, message, {
    details: index === undefined ? { field } : { index, field },
    hint:
      field === 'metric'
        ? 'Nothing of this request was counted. The server measures load_time_ms and error itself; post your own failures under another metric (for example task_error).'
        : 'Nothing of this request was counted; fix the event and send the batch again.',
  })
}

// `exactOptionalPropertyTypes`: an absent experiment or version stays absent.
function withoutUndefined(
  event: Omit<OutcomeEvent, 'experiment' | 'version'> & {
    experiment?: string | undefined
    version?: string | undefined
  },
): OutcomeEvent {
  const { experiment, version, ...rest } = event
  return {
    ...rest,
    ...(experiment === undefined ? {} : { experiment }),
    ...(version === undefined ? {} : { version }),
  }
}
