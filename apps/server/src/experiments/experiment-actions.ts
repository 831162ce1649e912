import { randomBytes } from 'node:crypto'
import {
  type ExperimentDecision,
  ExperimentErrorCode,
  type ExperimentReport,
} from '@skillship/registry-client'
import { type ActivityDraft, activityEntry } from '../activity/activity-entry.js'
import type { ActivityStore, NewActivity } from '../activity/activity-store.js'
import type { MetadataStore } from '../storage/metadata-store.js'
import { experimentError } from './experiment-error.js'
import { bestSignificantVariant, buildExperimentReport } from './experiment-report.js'
import type { ExperimentService } from './experiment-service.js'
import type { ExperimentRecord } from './experiment-store.js'
import type { ValidExperimentRequest } from './validate-experiment.js'

/** What the lifecycle of experiments works with. */
export interface ExperimentActionDeps {
  readonly service: ExperimentService
  readonly metadata: Pick<MetadataStore, 'getVersion' | 'getDistTags' | 'setDistTag'>
  /**
   * The activity log (absent: none). Every create, start and ending is logged by the experiment
   * store, in the transaction of the change.
   */
  readonly activity?: ActivityStore
}

// The entry of an action about to be written, stamped by the experiments' clock.
const entryOf = (deps: ExperimentActionDeps, draft: ActivityDraft) =>
  activityEntry(
    { ...(deps.activity === undefined ? {} : { activity: deps.activity }), now: deps.service.now },
    draft,
  )

const endActions = {
  stopped: 'experiment.stop',
  'rolled-back': 'experiment.rollback',
  promoted: 'experiment.promote',
} as const

/** The experiment `key`, or EXPERIMENT_NOT_FOUND. */
export async function getExperimentOrThrow(
  deps: ExperimentActionDeps,
  key: string,
): Promise<ExperimentRecord> {
  const experiment = await deps.service.store.getExperiment(key)
  if (experiment === undefined) {
    throw experimentError(ExperimentErrorCode.NotFound, `No experiment '${key}'`, {
      hint: 'GET /v1/experiments?skill=<name> lists the experiments of a skill.',
    })
  }
  return experiment
}

/** Stores a new draft: every variant must be a published, not yanked, version of the skill. */
export async function createExperiment(
  deps: ExperimentActionDeps,
  request: ValidExperimentRequest,
  actor = 'anonymous',
): Promise<ExperimentRecord> {
  for (const [index, variant] of request.variants.entries()) {
    const version = await deps.metadata.getVersion(request.skill, variant.version)
    if (version === undefined || version.yanked) {
      throw experimentError(
        ExperimentErrorCode.Invalid,
        `${request.skill}@${variant.version} is not a published version`,
        { details: { field: `variants[${index}].version` } },
      )
    }
  }
  const record: ExperimentRecord = {
    key: request.key,
    skill: request.skill,
    seed: request.seed ?? randomBytes(12).toString('hex'),
    status: 'draft',
    variants: request.variants,
    coverage: request.coverage,
    primaryMetric: request.primaryMetric,
    guardrails: request.guardrails,
    ramp: request.ramp,
    createdAt: deps.service.now(),
    startedAt: null,
    endedAt: null,
    decision: null,
  }
  const entry = entryOf(deps, {
    actor,
    action: 'experiment.create',
    target: record.key,
    skill: record.skill,
    details: { variants: record.variants.map((v) => `${v.key}=${v.version}`) },
  })
  if ((await deps.service.store.createExperiment(record, entry)) === 'exists') {
    throw experimentError(ExperimentErrorCode.Exists, `The experiment '${request.key}' exists`, {
      hint: 'Experiment keys are never reused; pick another key.',
    })
  }
  await deps.service.changed(record.skill)
  return record
}

/** draft -> running; EXPERIMENT_CONFLICT when not a draft or another one of the skill runs. */
export async function startExperiment(
  deps: ExperimentActionDeps,
  key: string,
  actor = 'anonymous',
): Promise<ExperimentRecord> {
  const experiment = await getExperimentOrThrow(deps, key)
  const entry = entryOf(deps, {
    actor,
    action: 'experiment.start',
    target: key,
    skill: experiment.skill,
  })
  const result = await deps.service.store.startExperiment(key, deps.service.now(), entry)
  if (result === 'conflict') {
    throw experimentError(
      ExperimentErrorCode.Conflict,
      `Another experiment of '${experiment.skill}' is running`,
      { hint: 'Stop it first: one experiment runs per skill at a time.' },
    )
  }
  if (result === 'not-draft') {
    throw experimentError(
      ExperimentErrorCode.Conflict,
      `'${key}' is ${experiment.status}: only a draft can start`,
    )
  }
  await deps.service.changed(experiment.skill)
  return getExperimentOrThrow(deps, key)
}

/**
 * Ends a running experiment: `stopped` (serving falls back to the `latest` tag), `rolled-back`
 * (`latest` moves back to the control's version when it points elsewhere) or `promoted` (`latest`
 * moves to `version`). EXPERIMENT_CONFLICT when it is not running (also when another request or
 * the evaluator ended it first: exactly one ending wins).
 */
export async function endExperiment(
  deps: ExperimentActionDeps,
  experiment: ExperimentRecord,
  decision: Omit<ExperimentDecision, 'at'>,
  latestVersion?: string,
): Promise<ExperimentRecord> {
  const at = deps.service.now()
  const to = decision.action
  const moved = await deps.service.store.transitionExperiment(experiment.key, {
    from: 'running',
    to,
    at,
    decision: { ...decision, at: at.toISOString() },
    ...optional(
      entryOf(deps, {
        actor: decision.by,
        action: endActions[to],
        target: experiment.key,
        skill: experiment.skill,
        details: {
          reason: decision.reason.slice(0, 1000),
          ...(latestVersion === undefined ? {} : { latest: latestVersion }),
        },
      }),
    ),
  })
  if (!moved) {
    const current = await getExperimentOrThrow(deps, experiment.key)
    throw experimentError(
      ExperimentErrorCode.Conflict,
      `'${experiment.key}' is ${current.status}: only a running experiment can be ${to}`,
    )
  }
  if (latestVersion !== undefined) {
    const tags = await deps.metadata.getDistTags(experiment.skill)
    if (tags['latest'] !== latestVersion) {
      await deps.metadata.setDistTag(experiment.skill, 'latest', latestVersion)
    }
  }
  deps.service.decided(to, decision.by)
  await deps.service.changed(experiment.skill)
  return getExperimentOrThrow(deps, experiment.key)
}

function optional(activity: NewActivity | undefined): { activity?: NewActivity } {
  return activity === undefined ? {} : { activity }
}

/** Rolls back to the control: the experiment ends and `latest` serves the control's version. */
export function rollbackExperiment(
  deps: ExperimentActionDeps,
  experiment: ExperimentRecord,
  reason: string,
  by: string,
): Promise<ExperimentRecord> {
  return endExperiment(
    deps,
    experiment,
    { action: 'rolled-back', reason, by },
    experiment.variants[0]?.version,
  )
}

/** The report of `experiment` from the stored assignments and statistics. */
export async function reportExperiment(
  deps: ExperimentActionDeps,
  experiment: ExperimentRecord,
): Promise<ExperimentReport> {
  const [counts, stats] = await Promise.all([
    deps.service.store.assignmentCounts(experiment.key),
    deps.service.store.armStats(experiment.key),
  ])
  return buildExperimentReport(experiment, counts, stats)
}

/**
 * Promotes `variant` (default: the treatment with the largest significant primary lift) onto the
 * `latest` dist-tag and ends the experiment as promoted.
 */
export async function promoteExperiment(
  deps: ExperimentActionDeps,
  experiment: ExperimentRecord,
  by: string,
  variant?: string,
): Promise<ExperimentRecord> {
  let chosen = variant
  let reason = `${variant ?? ''} promoted on request`
  if (chosen === undefined) {
    chosen = bestSignificantVariant(await reportExperiment(deps, experiment))
    if (chosen === undefined) {
      throw experimentError(
        ExperimentErrorCode.Conflict,
        `No variant of '${experiment.key}' is significantly better than control on ${experiment.primaryMetric}`,
        { hint: 'Wait for more data, or name the variant: { "variant": "<key>" }.' },
      )
    }
    reason = `${chosen} has the best significant lift on ${experiment.primaryMetric}`
  }
  const target = experiment.variants.find((candidate) => candidate.key === chosen)
  if (target === undefined) {
    throw experimentError(
      ExperimentErrorCode.Invalid,
      `'${experiment.key}' has no variant '${chosen}'`,
      {
        details: { field: 'variant' },
      },
    )
  }
  return endExperiment(deps, experiment, { action: 'promoted', reason, by }, target.version)
}
