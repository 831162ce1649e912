import { isSkillshipError, SkillshipError } from '@skillship/core/errors'
import {
  type AssignmentResponse,
  type RegistryClient,
  RegistryErrorCode,
} from '@skillship/registry-client'
import semver from 'semver'
import { runPool } from '../shared/helpers.js'
import { createSources, type Sources } from '../source/create-sources.js'
import type { ContentStore } from '../store/content-store.js'
import { type ReadySkill, resolvePlannedSkill } from './prepare-skills.js'

/** A skill installed at an experiment's variant instead of its locked version. */
export interface ExperimentInstall {
  readonly skill: string
  readonly experiment: string
  readonly variant: string
  readonly version: string
}

/** The skills to place (variants swapped in) and the experiments that swapped them. */
export interface ExperimentOverrides {
  readonly skills: readonly ReadySkill[]
  readonly experiments: readonly ExperimentInstall[]
}

const concurrency = 8

/**
 * Asks each registry skill's registry which version `user` is assigned
 * (`GET /v1/experiments/assignment`). When a running experiment names a variant whose version
 * differs from the locked one, that exact version is resolved, fetched, verified against the
 * registry's integrity and stored like any registry version, and replaces the skill in the list
 * to place. The lock entries are not touched: callers keep writing the control to skillship.lock.
 * A registry without the route (404 REGISTRY_NOT_FOUND) means no experiment.
 */
export async function experimentOverrides(
  ready: readonly ReadySkill[],
  context: {
    readonly user: string
    readonly store: ContentStore
    readonly cwd: string
    readonly clientFor: (registryUrl: string) => RegistryClient
  },
): Promise<ExperimentOverrides> {
  const clients = new Map<string, RegistryClient>()
  const sources = new Map<string, Sources>()
  const clientFor = (registry: string): RegistryClient => {
    const client = clients.get(registry) ?? context.clientFor(registry)
    clients.set(registry, client)
    return client
  }
  const sourcesFor = (registry: string): Sources => {
    const found = sources.get(registry) ?? createSources({ registry, clientFor })
    sources.set(registry, found)
    return found
  }
  const skills = [...ready]
  const experiments: ExperimentInstall[] = []
  await runPool(ready.length, concurrency, async (index) => {
    const skill = ready[index] as ReadySkill
    const source = skill.locked.source
    if (source.type !== 'registry') return
    const assigned = await assignmentOf(clientFor(source.registry), skill.name, context.user)
    if (assigned === undefined || assigned.version === skill.locked.version) return
    const variant = await resolvePlannedSkill(
      { name: skill.name, spec: assigned.version, action: 'resolve', previous: skill.locked },
      { sources: sourcesFor(source.registry), store: context.store, cwd: context.cwd },
    )
    // The control's runtime lock is a starting point: the same requirements reuse its packages.
    const runtime = skill.locked.runtime
    skills[index] = runtime ? { ...variant, locked: { ...variant.locked, runtime } } : variant
    experiments.push({ skill: skill.name, ...assigned })
  })
  experiments.sort((a, b) => (a.skill < b.skill ? -1 : a.skill > b.skill ? 1 : 0))
  return { skills, experiments }
}

// The variant a running experiment assigns, or undefined for control / no experiment.
async function assignmentOf(
  client: RegistryClient,
  skill: string,
  user: string,
): Promise<Omit<ExperimentInstall, 'skill'> | undefined> {
  let answer: AssignmentResponse
  try {
    answer = await client.getAssignment(skill, user)
  } catch (error) {
    if (isSkillshipError(error) && error.code === RegistryErrorCode.NotFound) return undefined
    throw error
  }
  if (answer.experiment === null || answer.variant === null) return undefined
  if (typeof answer.version !== 'string' || semver.valid(answer.version) !== answer.version) {
    throw new SkillshipError(
      RegistryErrorCode.Protocol,
      `The registry assigned ${skill} a version that is not exact semver: ${String(answer.version)}`,
      { hint: 'Check the experiment definition on the registry.' },
    )
  }
  return { experiment: answer.experiment, variant: answer.variant, version: answer.version }
}
