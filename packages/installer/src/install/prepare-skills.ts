import { runPool } from '../shared/helpers.js'
import type { Sources } from '../source/create-sources.js'
import { parseSourceSpec } from '../source/parse-source-spec.js'
import type { ContentStore } from '../store/content-store.js'
import { fetchIntoStore } from './fetch-into-store.js'
import type { InstallProgress } from './installer-options.js'
import type { PlannedSkill } from './plan-install.js'
import { type ReadySkill, resolvePlannedSkill } from './resolve-planned-skill.js'

const concurrency = 8

/**
 * Gets every planned skill into the store, verified: locked ones from the store or their locked
 * source, others resolved first (after one prefetch per source kind, so a registry answers every
 * document in one round trip). Runs a few at a time (network and hashing overlap) and keeps the
 * plan's order in the result. The first failure rejects; nothing outside the store changed by then.
 */
export async function prepareSkills(
  planned: readonly PlannedSkill[],
  context: {
    readonly store: ContentStore
    readonly sources: Sources
    readonly cwd: string
    readonly onProgress: ((progress: InstallProgress) => void) | undefined
    /** The outcome of `prefetchPlanned` when the caller started it early; else it runs here. */
    readonly prefetched?: () => Promise<void>
    /** `--force`: spec violations are let through and reported in `waived`. */
    readonly force?: boolean
  },
): Promise<ReadySkill[]> {
  await (context.prefetched?.() ?? prefetchPlanned(planned, context.sources, context.cwd))
  const ready = new Array<ReadySkill>(planned.length)
  let done = 0
  await runPool(planned.length, concurrency, async (index) => {
    const skill = planned[index] as PlannedSkill
    ready[index] =
      skill.action === 'locked'
        ? {
            name: skill.name,
            locked: skill.locked,
            ...(await fetchIntoStore(
              { name: skill.name, locked: skill.locked },
              context.store,
              context.sources,
              context.force === true,
            )),
            changed: false,
          }
        : await resolvePlannedSkill(skill, context)
    done += 1
    context.onProgress?.({ phase: 'fetch', name: skill.name, done, total: planned.length })
  })
  return ready
}

/**
 * Lets each source warm up for the planned skills it will resolve (a registry reads all their
 * documents in one request). Idempotent per `sources`: what is read or being read is not asked again.
 */
export function prefetchPlanned(
  planned: readonly PlannedSkill[],
  sources: Sources,
  cwd: string,
): Promise<void> {
  return sources.prefetch(
    planned.flatMap((skill) =>
      skill.action === 'locked' ? [] : [parseSourceSpec(skill.spec, { name: skill.name, cwd })],
    ),
  )
}

/**
 * Reads, in one request, the registry documents of the locked registry skills, so the audit gate
 * sees the registry's current verdict on each locked version without a request per skill.
 */
export function prefetchLockedVerdicts(
  planned: readonly PlannedSkill[],
  sources: Sources,
): Promise<void> {
  return sources.prefetch(
    planned.flatMap((skill) =>
      skill.action === 'locked' && skill.locked.source.type === 'registry'
        ? [{ kind: 'registry' as const, name: skill.name, range: skill.locked.version }]
        : [],
    ),
  )
}
