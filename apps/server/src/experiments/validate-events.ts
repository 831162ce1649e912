import { ExperimentErrorCode, type OutcomeEvent } from '@skillship/registry-client'
import { experimentError } from './experiment-error.js'
import { experimentKeyPattern, metricPattern } from './validate-experiment.js'

/** Most events one `POST /v1/events` may carry. */
export const maxEventsPerRequest = 1000
/** Bound of a `POST /v1/events` body (1,000 events of about 500 bytes each, with room). */
export const maxEventsBodyBytes = 1024 * 1024

const maxIdLength = 128
const maxUserLength = 256

function invalid(index: number | undefined, field: string, message: string): never {
  throw experimentError(ExperimentErrorCode.EventsInvalid, message, {
    details: index === undefined ? { field } : { index, field },
    hint: 'Nothing of this request was counted; fix the event and send the batch again.',
  })
}

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max

/**
 * Checks a whole `POST /v1/events` body before anything is counted: EXPERIMENT_EVENTS_INVALID
 * with `details.index` (and `details.field`) of the first bad event.
 */
export function validateEvents(body: unknown): OutcomeEvent[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    invalid(undefined, 'events', 'The body must be { "events": [...] }')
  }
  const events = (body as Record<string, unknown>)['events']
  if (!Array.isArray(events)) invalid(undefined, 'events', 'The body must be { "events": [...] }')
  if (events.length > maxEventsPerRequest) {
    invalid(undefined, 'events', `At most ${maxEventsPerRequest} events per request`)
  }
  return events.map(validateEvent)
}

function validateEvent(event: unknown, index: number): OutcomeEvent {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    invalid(index, 'event', `events[${index}] must be an object`)
  }
  const { id, experiment, skill, version, user, metric, value } = event as Record<string, unknown>
  const check = (ok: boolean, field: string, what: string) => {
    if (!ok) invalid(index, field, `events[${index}].${field} ${what}`)
  }
  check(isText(id, maxIdLength), 'id', `must be 1..${maxIdLength} characters`)
  check(
    experiment === undefined ||
      (typeof experiment === 'string' && experimentKeyPattern.test(experiment)),
    'experiment',
    'is not an experiment key',
  )
  check(isText(skill, 214), 'skill', 'must be a skill name')
  check(isText(version, 256), 'version', 'must be a version')
  check(isText(user, maxUserLength), 'user', `must be 1..${maxUserLength} characters`)
  check(
    typeof metric === 'string' && metricPattern.test(metric),
    'metric',
    `must match ${metricPattern.source}`,
  )
  check(typeof value === 'number' && Number.isFinite(value), 'value', 'must be a finite number')
  return {
    id: id as string,
    ...(experiment === undefined ? {} : { experiment: experiment as string }),
    skill: skill as string,
    version: version as string,
    user: user as string,
    metric: metric as string,
    value: value as number,
  }
}
