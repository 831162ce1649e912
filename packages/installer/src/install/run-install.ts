import { mkdir } from 'node:fs/promises'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { rememberProject } from '../gc/known-projects.js'
import { agentSkillDirs, allAgentSkillDirs } from '../link/agent-skill-dirs.js'
import { findAgent } from '../link/agents-table.js'
import type { Lockfile } from '../lockfile/lockfile-schema.js'
import { readLockfile } from '../lockfile/read-lockfile.js'
import type { Manifest } from '../manifest/manifest-schema.js'
import { readManifest } from '../manifest/read-manifest.js'
import { acquireProjectLock } from '../project-lock/acquire-project-lock.js'
import { createSources, type Sources } from '../source/create-sources.js'
import { readInstalledState } from '../state/installed-state.js'
import { createContentStore } from '../store/create-content-store.js'
import { applyTrustPolicy } from '../trust/apply-trust-policy.js'
import { agentPlacements } from './agent-placements.js'
import { idleTask, startBackgroundTask } from './background-task.js'
import type { ExperimentOverrides } from './experiment-overrides.js'
import { assertLockUnchanged, finish, nextLockfile } from './finish-install.js'
import { preflight, writeTargets } from './install-preflight.js'
import type { InstallRequest, InstallResult } from './install-request.js'
import { runtimesFor } from './install-runtimes.js'
import { type InstallerOptions, installerPaths } from './installer-options.js'
import { planInstall } from './plan-install.js'
import { prefetchPlanned, prepareSkills } from './prepare-skills.js'
import type { ReadySkill } from './resolve-planned-skill.js'
import { syncAgentFolders } from './sync-agent-folders.js'

/**
 * The install lifecycle: lock the project -> read skillship.json and skillship.lock -> plan ->
 * resolve, fetch, verify and store every skill -> build the environments of their scripts (nothing
 * in agent folders changes before all of this succeeded) -> place them in every agent folder
 * (staged, renamed) -> verify on disk -> write the lockfile and the manifest last. Any failure
 * before placing leaves folders, lockfile and manifest exactly as they were; a kill during placing
 * leaves only complete skills, and the next run repairs.
 */
export async function runInstall(
  options: InstallerOptions,
  request: InstallRequest = {},
): Promise<InstallResult> {
  const paths = installerPaths(options)
  await mkdir(options.projectRoot, { recursive: true })
  const lock = await acquireProjectLock(paths.lockDir)
  // gc keeps what a known project's lockfile and runtimes refer to. Written (and synced) while the
  // install works; its failure is reported once the install itself succeeded.
  let remembering = idleTask
  let prefetching = idleTask
  try {
    const { manifest, sources } = await loadManifest(options, request)
    if (request.dryRun !== true) {
      remembering = startBackgroundTask(() =>
        rememberProject(options.skillshipHome, options.projectRoot),
      )
    }
    const read = await readLockfile(paths.lockfile)
    const effective = request.lockOnly ? lockedManifest(manifest, read?.lockfile) : manifest
    const plan = planInstall(effective, read?.lockfile, {
      frozen: request.frozen === true,
      origin: { registry: manifest.registry ?? options.registry, cwd: options.projectRoot },
      ...(request.update ? { update: request.update } : {}),
    })
    const placements = agentPlacements(manifest.agents, options, request.copy === true)
    // The registry answers while the folders are checked; its failure counts where it is awaited.
    prefetching = startBackgroundTask(() =>
      prefetchPlanned(plan.skills, sources, options.projectRoot),
    )
    const { warnings } = await preflight(options, request, writeTargets(placements, options))
    const store = createContentStore({ root: options.storeRoot })
    const prepared = await prepareSkills(plan.skills, {
      store,
      sources,
      cwd: options.projectRoot,
      onProgress: options.onProgress,
      prefetched: prefetching.result,
      force: request.force === true,
    })
    const fetched = await applyTrustPolicy(prepared, manifest.trust, read?.lockfile, options)
    const overrides = await withExperiments(fetched, options, request, store)
    const runtimes = await runtimesFor(overrides, { options, request, manifest })
    const ready = runtimes.skills
    const lockOf = lockEntries(fetched, overrides)
    // Every frozen check before the first write into an agent folder.
    if (request.frozen === true && request.dryRun !== true) {
      assertLockUnchanged(read?.lockfile, nextLockfile(ready, lockOf))
    }
    const sync = await syncOptions(options, request, plan.removed, read?.lockfile)
    const outcome = await syncAgentFolders(ready, placements, options, sync)
    const result = await finish({
      ready,
      lockOf,
      experiments: overrides.experiments,
      outcome,
      manifest,
      request,
      paths,
      previous: read?.lockfile,
      runtimes: runtimes.records,
      warnings: [...warnings, ...fetched.flatMap(waivedWarning), ...outcome.warnings],
    })
    await remembering.result()
    return result
  } finally {
    // Never left running past the lock: a failed install reports its own error, not these.
    await Promise.all([remembering.settled(), prefetching.settled()])
    await lock.release()
  }
}

// How to sync agent folders: the flags, the state file (its claims checked in the sync), and
// what proves skillship placed what is there.
async function syncOptions(
  options: InstallerOptions,
  request: InstallRequest,
  formerNames: readonly string[],
  lockfile: Lockfile | undefined,
) {
  const statePath = installerPaths(options).state
  return {
    dryRun: request.dryRun === true,
    force: request.force === true,
    copy: request.copy === true,
    statePath,
    state: await readInstalledState(statePath),
    ...scopeFolders(options),
    formerNames,
    lockedFiles: (name: string, integrity: string) => {
      const entry = lockfile?.skills[name]
      return entry?.integrity === integrity ? entry.files : undefined
    },
  }
}

// The agent skills folders of this scope (what its state file may claim) and the shared one.
function scopeFolders(options: InstallerOptions) {
  const dirs = {
    scope: options.scope,
    projectRoot: options.projectRoot,
    home: options.home,
    env: options.env,
  }
  return {
    skillsDirs: allAgentSkillDirs(dirs),
    sharedDir: agentSkillDirs(findAgent('generic'), dirs)[0] ?? '',
  }
}

// Experiment variants replace skills to place (loaded only when asked for: `experimentUser`).
async function withExperiments(
  fetched: readonly ReadySkill[],
  options: InstallerOptions,
  request: InstallRequest,
  store: ReturnType<typeof createContentStore>,
): Promise<ExperimentOverrides> {
  if (request.experimentUser === undefined) return { skills: fetched, experiments: [] }
  const { experimentOverrides } = await import('./experiment-overrides.js')
  return experimentOverrides(fetched, {
    user: request.experimentUser,
    store,
    cwd: options.projectRoot,
    clientFor: options.clientFor,
  })
}

// The lock entry of every skill: the control's for a skill placed at an experiment's variant.
function lockEntries(
  fetched: readonly ReadySkill[],
  overrides: ExperimentOverrides,
): ReadonlyMap<string, ReadySkill> {
  const overridden = new Set(overrides.experiments.map((experiment) => experiment.skill))
  return new Map(fetched.filter((skill) => overridden.has(skill.name)).map((s) => [s.name, s]))
}

// The manifest to install, and the run's sources for its registry (the edit's when it kept the
// registry, so documents read while editing are not read again).
async function loadManifest(
  options: InstallerOptions,
  request: InstallRequest,
): Promise<{ manifest: Manifest; sources: Sources }> {
  const current = await readManifest(installerPaths(options).manifest)
  const sourcesFor = (registry: string) =>
    createSources({ registry, clientFor: options.clientFor, force: request.force === true })
  const registry = current?.registry ?? options.registry
  const sources = sourcesFor(registry)
  const manifest = request.editManifest ? await request.editManifest(current, sources) : current
  if (!manifest) {
    throw new SkillshipError(
      InstallErrorCode.ManifestMissing,
      `No skillship.json in ${options.projectRoot}`,
      {
        hint: 'Run `skillship add <skill>` to create one.',
      },
    )
  }
  const edited = manifest.registry ?? options.registry
  return { manifest, sources: edited === registry ? sources : sourcesFor(edited) }
}

// What `--force` let through, said once per skill with the codes to look up.
function waivedWarning(skill: ReadySkill): string[] {
  if (skill.waived.length === 0) return []
  const codes = [...new Set(skill.waived.map((issue) => issue.code))].join(', ')
  return [`${skill.name}: installed with --force despite spec violations (${codes})`]
}

// `sync` installs exactly what the lockfile pins, whatever skillship.json says now.
function lockedManifest(manifest: Manifest, lockfile: Lockfile | undefined): Manifest {
  const skills = Object.fromEntries(
    Object.entries(lockfile?.skills ?? {}).map(([name, entry]) => [name, entry.spec]),
  )
  return { ...manifest, skills }
}
