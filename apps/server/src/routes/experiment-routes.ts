import {
  type AssignmentResponse,
  type ExperimentDocument,
  RegistryErrorCode,
} from '@skillship/registry-client'
import type { Context, Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requireAdmin, requirePublish } from '../auth/access.js'
import { readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import {
  createExperiment,
  type ExperimentActionDeps,
  endExperiment,
  getExperimentOrThrow,
  promoteExperiment,
  reportExperiment,
  rollbackExperiment,
  startExperiment,
} from '../experiments/experiment-actions.js'
import { buildExperimentHistory } from '../experiments/experiment-history.js'
import type { ExperimentService } from '../experiments/experiment-service.js'
import type { ExperimentRecord } from '../experiments/experiment-store.js'
import { toExperimentDocument } from '../experiments/to-experiment-document.js'
import { validateExperimentRequest } from '../experiments/validate-experiment.js'
import { readJsonBody } from '../http/read-json-body.js'
import { readLimitedBody } from '../http/read-limited-body.js'
import { registryError } from '../http/registry-error.js'

const maxActionBodyBytes = 16 * 1024

/**
 * The experiments API (docs/registry-api.md, "Experiments"): create, list, show, start, stop,
 * rollback, promote and report need a token with `admin` or a publish scope on the experiment's
 * skill; `GET /v1/experiments/assignment` needs read access to the skill (anonymous for public
 * skills) and is what installs ask.
 */
export function registerExperimentRoutes(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  service: ExperimentService,
  documents: SkillDocumentCache,
): void {
  const actions: ExperimentActionDeps = {
    service,
    metadata: deps.metadata,
    ...(deps.activity === undefined ? {} : { activity: deps.activity }),
  }
  const document = (record: ExperimentRecord): ExperimentDocument => toExperimentDocument(record)

  // The experiment, once the caller is known to be allowed to manage its skill.
  const managed = async (c: Context<RegistryEnv>): Promise<ExperimentRecord> => {
    const principal = c.get('principal')
    if (principal.tokenName === undefined) {
      throw registryError(RegistryErrorCode.Unauthorized, 'Managing experiments needs a token')
    }
    const experiment = await getExperimentOrThrow(actions, c.req.param('key') ?? '')
    requirePublish(principal, experiment.skill)
    return experiment
  }

  app.post('/v1/experiments', async (c) => {
    const body = await readJsonBody(c)
    const skill = body['skill']
    if (typeof skill === 'string') requirePublish(c.get('principal'), skill)
    const request = validateExperimentRequest(body)
    await readSkillDocument(deps, documents, c.get('principal'), request.skill)
    const created = await createExperiment(actions, request, c.get('principal').tokenName)
    return c.json(document(created), 201)
  })

  app.get('/v1/experiments', async (c) => {
    const skill = c.req.query('skill')
    if (skill === undefined || skill === '') requireAdmin(c.get('principal'))
    else requirePublish(c.get('principal'), skill)
    const list = await service.store.listExperiments(
      skill === undefined || skill === '' ? {} : { skill },
    )
    return c.json({ experiments: list.map(document) })
  })

  registerAssignmentRoute(app, deps, service, documents)
  registerExperimentActions(app, actions, managed)
  const { stats } = deps
  if (stats !== undefined) {
    app.get('/v1/experiments/:key/history', async (c) => {
      const experiment = await managed(c)
      const snapshots = await stats.readExperimentSnapshots(experiment.key)
      return c.json(buildExperimentHistory(experiment, snapshots))
    })
  }
}

// The routes of one experiment: show, report, and the lifecycle actions.
function registerExperimentActions(
  app: Hono<RegistryEnv>,
  actions: ExperimentActionDeps,
  managed: (c: Context<RegistryEnv>) => Promise<ExperimentRecord>,
): void {
  const by = (c: Context<RegistryEnv>) => c.get('principal').tokenName ?? 'anonymous'
  const document = (record: ExperimentRecord): ExperimentDocument => toExperimentDocument(record)

  app.get('/v1/experiments/:key', async (c) => c.json(document(await managed(c))))

  app.get('/v1/experiments/:key/report', async (c) =>
    c.json(await reportExperiment(actions, await managed(c))),
  )

  app.post('/v1/experiments/:key/start', async (c) => {
    const experiment = await managed(c)
    return c.json(document(await startExperiment(actions, experiment.key, by(c))))
  })

  app.post('/v1/experiments/:key/stop', async (c) => {
    const experiment = await managed(c)
    const reason = stringField(await optionalBody(c), 'reason') ?? 'stopped on request'
    const stopped = await endExperiment(actions, experiment, {
      action: 'stopped',
      reason,
      by: by(c),
    })
    return c.json(document(stopped))
  })

  app.post('/v1/experiments/:key/rollback', async (c) => {
    const experiment = await managed(c)
    const reason = stringField(await optionalBody(c), 'reason') ?? 'rolled back on request'
    return c.json(document(await rollbackExperiment(actions, experiment, reason, by(c))))
  })

  app.post('/v1/experiments/:key/promote', async (c) => {
    const experiment = await managed(c)
    const variant = stringField(await optionalBody(c), 'variant')
    return c.json(document(await promoteExperiment(actions, experiment, by(c), variant)))
  })
}

// `GET /v1/experiments/assignment?skill=&user=`: the arm (and version) `user` gets, stored as
// sticky like a served load.
function registerAssignmentRoute(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  service: ExperimentService,
  documents: SkillDocumentCache,
): void {
  app.get('/v1/experiments/assignment', async (c) => {
    const skill = c.req.query('skill')
    if (skill === undefined || skill === '') {
      throw registryError(
        RegistryErrorCode.BadRequest,
        'skill is required: ?skill=<name>&user=<id>',
      )
    }
    const user = c.req.query('user')
    const rendered = await readSkillDocument(deps, documents, c.get('principal'), skill)
    const experiment = await service.running(skill)
    if (experiment === undefined) {
      const latest = rendered.document.distTags['latest'] ?? ''
      return c.json({
        skill,
        experiment: null,
        variant: null,
        version: latest,
      } satisfies AssignmentResponse)
    }
    const arm = await service.arm(experiment, user === '' ? undefined : user)
    return c.json({
      skill,
      experiment: arm.exposed ? experiment.key : null,
      variant: arm.exposed ? arm.variant : null,
      version: arm.version,
    } satisfies AssignmentResponse)
  })
}

// Action bodies are optional: no body (or an empty one) is {}.
async function optionalBody(c: Context<RegistryEnv>): Promise<Record<string, unknown>> {
  const bytes = await readLimitedBody(c, maxActionBodyBytes)
  const text = new TextDecoder().decode(bytes).trim()
  if (text === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw registryError(RegistryErrorCode.BadRequest, 'The body is not valid JSON', {
      cause: error,
    })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw registryError(RegistryErrorCode.BadRequest, 'The body must be a JSON object')
  }
  return value as Record<string, unknown>
}

function stringField(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '' || value.length > 500) {
    throw registryError(RegistryErrorCode.BadRequest, `${field} must be a non-empty string`)
  }
  return value
}
