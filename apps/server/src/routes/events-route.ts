import {
  type EventsResponse,
  ExperimentErrorCode,
  type OutcomeEvent,
  RegistryErrorCode,
  scopesAllow,
} from '@skillship/registry-client'
import type { Context, Hono } from 'hono'
import type { Principal, RegistryEnv } from '../app/registry-env.js'
import { experimentError } from '../experiments/experiment-error.js'
import type { ExperimentService } from '../experiments/experiment-service.js'
import { maxEventsBodyBytes, validateEvents } from '../experiments/validate-events.js'
import { readLimitedBody } from '../http/read-limited-body.js'
import { registryError } from '../http/registry-error.js'

/**
 * `POST /v1/events`: up to 1,000 outcome events (body at most 1 MiB), only with a token whose
 * `events:` scope (or `publish:`, or `admin`) covers the skill of every event: anonymous callers
 * get 401 before the body is read, a token without the scope for one event's skill 403 with
 * `details.index`; the whole batch is validated first (EXPERIMENT_EVENTS_INVALID). Nothing of a
 * refused batch is counted. Then each event counts once by id into the arm its user is assigned
 * in the experiment (given, or the skill's running one) when its version is that arm's; events of
 * no running experiment or of another arm are `ignored`.
 */
export function registerEventsRoute(app: Hono<RegistryEnv>, service: ExperimentService): void {
  app.post('/v1/events', async (c) => {
    const principal = c.get('principal')
    requireEventsToken(principal)
    const bytes = await readLimitedBody(c, maxEventsBodyBytes)
    let body: unknown
    try {
      body = JSON.parse(new TextDecoder().decode(bytes))
    } catch (error) {
      throw experimentError(ExperimentErrorCode.EventsInvalid, 'The body is not valid JSON', {
        details: { field: 'body' },
        cause: error,
      })
    }
    const events = validateEvents(body)
    requireEventsScope(principal, events)
    limitEvents(c, service, principal, events)
    const result: EventsResponse = await service.ingest(events)
    return c.json(result)
  })
}

// Clients older than the events scope post without a token: the hint names the fix.
function requireEventsToken(principal: Principal): void {
  if (principal.tokenName !== undefined) return
  throw registryError(RegistryErrorCode.Unauthorized, 'Posting experiment events needs a token', {
    hint: 'Ask the skill owner for a token made with `skillship server token create --scope events:<skill>` and send it as Authorization: Bearer <token> (SKILLSHIP_TOKEN for skillship clients).',
    details: { reason: 'events-token-required' },
  })
}

function requireEventsScope(principal: Principal, events: readonly OutcomeEvent[]): void {
  const index = events.findIndex((event) => !scopesAllow(principal.scopes, 'events', event.skill))
  const event = events[index]
  if (event === undefined) return
  throw registryError(
    RegistryErrorCode.Forbidden,
    `The token '${principal.tokenName}' may not post events of '${event.skill}'`,
    {
      hint: 'Use a token with an events:<glob> (or publish:<glob>) scope matching every event skill; nothing of this request was counted.',
      details: { index, skill: event.skill },
    },
  )
}

// Admin tokens are not limited (an admin can end any experiment anyway, and benches post with one).
function limitEvents(
  c: Context<RegistryEnv>,
  service: ExperimentService,
  principal: Principal,
  events: readonly OutcomeEvent[],
): void {
  if (principal.tokenName === undefined || principal.scopes.some((s) => s.kind === 'admin')) return
  const verdict = service.limitEvents(principal.tokenName, events)
  if (verdict.ok) return
  c.header('retry-after', String(verdict.retryAfterSeconds))
  throw experimentError(
    ExperimentErrorCode.EventsLimited,
    verdict.limit === 'token'
      ? `The token '${principal.tokenName}' posted too many events`
      : `Too many events about user '${verdict.user}'`,
    {
      hint: `Nothing of this request was counted; send it again after ${verdict.retryAfterSeconds} s.`,
      details: {
        limit: verdict.limit,
        retryAfterSeconds: verdict.retryAfterSeconds,
        ...(verdict.user === undefined ? {} : { user: verdict.user }),
      },
    },
  )
}
