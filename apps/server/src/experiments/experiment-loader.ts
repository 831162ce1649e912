import { scopesAllow } from '@skillship/registry-client'
import type { RegistryDeps } from '../app/registry-deps.js'
import { readSkillDocument } from '../documents/read-skill-document.js'
import type { ServingCaches } from '../load/create-serving-caches.js'
import type { LoadOutcome, LoadRequest, SkillLoader } from '../load/skill-loader.js'
import type { ExperimentService } from './experiment-service.js'

/** The experiment and variant that served a load (only for users taking part). */
export interface ServedExperiment {
  readonly key: string
  readonly variant: string
}

/** A load outcome that says which experiment arm served it. */
export interface ExperimentLoadOutcome extends LoadOutcome {
  readonly experiment?: ServedExperiment
  /** True when a running experiment chose the version: the answer depends on the caller. */
  readonly perUser?: boolean
}

/** A skill loader whose loads go through the skill's running experiment. */
export interface ExperimentSkillLoader extends SkillLoader {
  load(request: LoadRequest): Promise<ExperimentLoadOutcome>
}

/**
 * Wraps the serving loader with experiments: a load of a skill's `latest` (no range, no tag other
 * than `latest`) while an experiment of it runs serves the arm of `request.user` (sticky, see
 * ExperimentService.arm) by exact version, after the registry's access check; users without an id
 * or outside the coverage get the control's version and are not exposed. The first counted load
 * of each exposed user queues `load_time_ms` (this request's server time, assignment included) and
 * `error` (1 when the load failed); only loads with a token that may read the skill or post its
 * events feed those guardrails, anonymous ones go to `load_time_ms.anonymous` and
 * `error.anonymous` (see ExperimentService.observeLoad). Pinned loads (a range or another tag) and skills without a running experiment
 * go straight to the loader.
 */
export function createExperimentLoader(
  deps: Pick<RegistryDeps, 'metadata' | 'sharedStorage' | 'invalidation'>,
  caches: Pick<ServingCaches, 'loader' | 'documents' | 'loadCounts'>,
  service: ExperimentService,
): ExperimentSkillLoader {
  const { loader } = caches
  return {
    async load(request) {
      if (request.range !== undefined || (request.tag !== undefined && request.tag !== 'latest')) {
        return loader.load(request)
      }
      const started = performance.now()
      const experiment = await service.running(request.name)
      if (experiment === undefined) return loader.load(request)
      const rendered = await readSkillDocument(
        deps,
        caches.documents,
        request.principal,
        request.name,
      )
      const counted = request.counted !== false
      const arm = await service.arm(experiment, request.user)
      const scopes = request.principal.scopes
      const observe = (failed: boolean) =>
        service.observeLoad(arm, {
          user: request.user ?? '',
          milliseconds: performance.now() - started,
          failed,
          trusted:
            scopesAllow(scopes, 'read', request.name) ||
            scopesAllow(scopes, 'events', request.name),
        })
      try {
        const outcome = await loader.loadVersion(request.name, arm.version, counted)
        if (counted) {
          caches.loadCounts.add(request.name)
          observe(false)
        }
        return {
          ...outcome,
          private: rendered.skill.private,
          perUser: true,
          ...(arm.exposed ? { experiment: { key: experiment.key, variant: arm.variant } } : {}),
        }
      } catch (error) {
        if (counted) observe(true)
        throw error
      }
    },
    loadVersion: (name, version, counted) => loader.loadVersion(name, version, counted),
    invalidate: (name) => loader.invalidate(name),
    invalidateAll: () => loader.invalidateAll(),
    stats: () => loader.stats(),
  }
}
