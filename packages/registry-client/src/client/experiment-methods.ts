import { SkillshipError } from '@skillship/core/errors'
import { ExperimentErrorCode } from '../errors/experiment-error-codes.js'
import { parseEventsRequest } from '../wire/event-schemas.js'
import {
  assignmentResponseSchema,
  eventsResponseSchema,
  experimentDocumentSchema,
  experimentListSchema,
  experimentReportSchema,
  type OutcomeEvent,
} from '../wire/experiment-documents.js'
import { routes } from '../wire/routes.js'
import type { RegistryClient } from './registry-client.js'
import type { RegistryTransport } from './registry-transport.js'

export type ExperimentMethods = Pick<
  RegistryClient,
  | 'createExperiment'
  | 'listExperiments'
  | 'getExperiment'
  | 'startExperiment'
  | 'stopExperiment'
  | 'rollbackExperiment'
  | 'promoteExperiment'
  | 'experimentReport'
  | 'getAssignment'
  | 'sendEvents'
>

/** The experiment methods of `RegistryClient`: definitions, lifecycle, report, assignment, events. */
export function createExperimentMethods(transport: RegistryTransport): ExperimentMethods {
  const act = (key: string, action: 'start' | 'stop' | 'rollback' | 'promote', json?: unknown) =>
    transport.json(experimentDocumentSchema, {
      method: 'POST',
      path: routes.experimentAction(key, action),
      ...(json === undefined ? {} : { json }),
    })
  return {
    createExperiment: (request) =>
      transport.json(experimentDocumentSchema, {
        method: 'POST',
        path: routes.experiments(),
        json: request,
      }),
    async listExperiments(options = {}) {
      const answer = await transport.json(experimentListSchema, {
        method: 'GET',
        path: routes.experiments(),
        query: { skill: options.skill },
      })
      return answer.experiments
    },
    getExperiment: (key) =>
      transport.json(experimentDocumentSchema, { method: 'GET', path: routes.experiment(key) }),
    startExperiment: (key) => act(key, 'start'),
    stopExperiment: (key) => act(key, 'stop'),
    rollbackExperiment: (key) => act(key, 'rollback'),
    promoteExperiment: (key, variant) =>
      act(key, 'promote', variant === undefined ? undefined : { variant }),
    experimentReport: (key) =>
      transport.json(experimentReportSchema, { method: 'GET', path: routes.experimentReport(key) }),
    getAssignment: (skill, user) =>
      transport.json(assignmentResponseSchema, {
        method: 'GET',
        path: routes.assignment(),
        query: { skill, user },
      }),
    async sendEvents(events) {
      checkEvents(events)
      return await transport.json(eventsResponseSchema, {
        method: 'POST',
        path: routes.events(),
        json: { events },
      })
    },
  }
}

// The server's own schema, so a bad batch fails here with the code and details the server would
// answer, and nothing is sent.
function checkEvents(events: readonly OutcomeEvent[]): void {
  const parsed = parseEventsRequest({ events })
  if (parsed.ok) return
  const { index, field, message } = parsed.problem
  throw new SkillshipError(ExperimentErrorCode.EventsInvalid, message, {
    details: index === undefined ? { field } : { index, field },
    hint: 'Nothing was sent; fix the event (docs/registry-api.md, "Events").',
  })
}
