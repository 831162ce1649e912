import { isSkillshipError } from '@skillship/core/errors'
import {
  type EventsResponse,
  ExperimentErrorCode,
  RegistryErrorCode,
} from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { experimentError } from '../experiments/experiment-error.js'
import type { ExperimentService } from '../experiments/experiment-service.js'
import { maxEventsBodyBytes, validateEvents } from '../experiments/validate-events.js'
import { readLimitedBody } from '../http/read-limited-body.js'

/**
 * `POST /v1/events`: up to 1,000 outcome events (body at most 1 MiB). The whole batch is checked
 * first (EXPERIMENT_EVENTS_INVALID with `details.index`, nothing counted); then each event counts
 * once by id into the arm its user is assigned in the experiment (given, or the skill's running
 * one) when its version is that arm's. Events of skills the caller may not read (a private skill
 * without a read scope), of no running experiment or of another arm are `ignored`.
 */
export function registerEventsRoute(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  service: ExperimentService,
  documents: SkillDocumentCache,
): void {
  app.post('/v1/events', async (c) => {
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
    const principal = c.get('principal')
    const readable = async (skill: string): Promise<boolean> => {
      try {
        await readSkillDocument(deps, documents, principal, skill)
        return true
      } catch (error) {
        if (isSkillshipError(error) && error.code === RegistryErrorCode.NotFound) return false
        throw error
      }
    }
    const result: EventsResponse = await service.ingest(events, readable)
    return c.json(result)
  })
}
