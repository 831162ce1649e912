import { mkdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { rememberProject } from '../gc/known-projects.js'
import type { AgentReport } from '../link/agent-target.js'
import { currentLockfileVersion, type Lockfile } from '../lockfile/lockfile-schema.js'
import { readLockfile } from '../lockfile/read-lockfile.js'
import { serializeLockfile, writeLockfile } from '../lockfile/write-lockfile.js'
import type { Manifest } from '../manifest/manifest-schema.js'
import { readManifest } from '../manifest/read-manifest.js'
import { writeManifest } from '../manifest/write-manifest.js'
import { preflightWritable } from '../permissions/preflight-writable.js'
import type { WriteTarget } from '../permissions/write-target.js'
import { acquireProjectLock } from '../project-lock/acquire-project-lock.js'
import { venvPython } from '../runtimes/python/venv-layout.js'
import {
  type RuntimeState,
  readRuntimeState,
  writeRuntimeState,
} from '../runtimes/state/runtime-state.js'
import { createSources } from '../source/create-sources.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import { readInstalledState } from '../state/installed-state.js'
import { createContentStore } from '../store/create-content-store.js'
import { type AgentPlacement, agentPlacements } from './agent-placements.js'
import { idleTask, startBackgroundTask } from './background-task.js'
import type { ExperimentInstall, ExperimentOverrides } from './experiment-overrides.js'
import { clearInstallStamp, writeInstallStamp } from './install-stamp.js'
import { type InstallerOptions, installerPaths } from './installer-options.js'
import { planInstall } from './plan-install.js'
import type { PreparedRuntimes } from './prepare-runtimes.js'
import { prefetchPlanned, prepareSkills } from './prepare-skills.js'
import type { ReadySkill } from './resolve-planned-skill.js'
import { type SyncOutcome, syncAgentFolders } from './sync-agent-folders.js'

/** What to do besides a plain install. */
export interface InstallRequest {
  /** CI mode: refuse any drift between skillship.json and skillship.lock; never re-resolve. */
  readonly frozen?: boolean
  /** Resolve these locked skills again (all with true). */
  readonly update?: true | readonly string[]
  /** Real folders everywhere instead of symlinks to `.agents/skills`. */
  readonly copy?: boolean
  /** Replace folders at target paths that skillship did not install. */
  readonly force?: boolean
  /** Compute what would change without writing anything. */
  readonly dryRun?: boolean
  /** Follow skillship.lock only (the manifest's skills are ignored): `skillship sync`. */
  readonly lockOnly?: boolean
  /** As root, write into another user's home anyway (with a warning). */
  readonly allowRoot?: boolean
  /** Leave skill environments alone (no venv/npm work); their lock records are kept as they were. */
  readonly skipRuntimes?: boolean
  /**
   * Take part in the registry's experiments as this user id: a skill the registry assigns another
   * version is placed at that version, while skillship.lock keeps the locked (control) one.
   */
  readonly experimentUser?: string
  /** Changes the manifest (add, remove, update --latest); written only when the install succeeds. */
  readonly editManifest?: (manifest: Manifest | undefined) => Manifest | Promise<Manifest>
}

/** The outcome of an install, for people and for `--json`. */
export interface InstallResult {
  readonly skills: readonly {
    name: string
    version: string
    integrity: string
    source: LockedSource
    changed: boolean
  }[]
  readonly agents: readonly AgentReport[]
  /** Placements created or replaced plus entries removed (0: the folders already matched). */
  readonly changed: number
  readonly placed: readonly string[]
  readonly removed: readonly string[]
  readonly lockfileChanged: boolean
  readonly manifestChanged: boolean
  /** Things the user should know that did not stop the install (running as root). */
  readonly warnings: readonly string[]
  /** Skills placed at an experiment's variant instead of their locked version (`experimentUser`). */
  readonly experiments?: readonly ExperimentInstall[]
}

/**
 * The install lifecycle: lock the project -> read skillship.json and skillship.lock -> plan ->
 * resolve, fetch, verify and store every skill -> build the environments of their scripts (nothing
 * in agent folders changes before all of this succeeded) -> place them in every agent folder (staged, renamed) -> verify on disk -> write the
 * lockfile and the manifest last. Any failure before placing leaves folders, lockfile and manifest
 * exactly as they were; a kill during placing leaves only complete skills, and the next run repairs.
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
    const manifest = await loadManifest(options, request)
    if (request.dryRun !== true) {
      remembering = startBackgroundTask(() =>
        rememberProject(options.skillshipHome, options.projectRoot),
      )
    }
    const read = await readLockfile(paths.lockfile)
    const effective = request.lockOnly ? lockedManifest(manifest, read?.lockfile) : manifest
    const plan = planInstall(effective, read?.lockfile, {
      frozen: request.frozen === true,
      ...(request.update ? { update: request.update } : {}),
    })
    const placements = agentPlacements(manifest.agents, options, request.copy === true)
    const sources = createSources({
      registry: manifest.registry ?? options.registry,
      clientFor: options.clientFor,
    })
    // The registry answers while the folders are checked; its failure counts where it is awaited.
    prefetching = startBackgroundTask(() =>
      prefetchPlanned(plan.skills, sources, options.projectRoot),
    )
    const { warnings } = await preflight(options, request, writeTargets(placements, options))
    const store = createContentStore({ root: options.storeRoot })
    const fetched = await prepareSkills(plan.skills, {
      store,
      sources,
      cwd: options.projectRoot,
      onProgress: options.onProgress,
      prefetched: prefetching.result,
    })
    const overrides = await withExperiments(fetched, options, request, store)
    const runtimes = await runtimesFor(overrides, { options, request, manifest })
    const ready = runtimes.skills
    const outcome = await syncAgentFolders(ready, placements, options, {
      dryRun: request.dryRun === true,
      force: request.force === true,
      copy: request.copy === true,
      statePath: paths.state,
      state: await readInstalledState(paths.state),
    })
    const result = await finish({
      ready,
      lockOf: lockEntries(fetched, overrides),
      experiments: overrides.experiments,
      outcome,
      manifest,
      request,
      paths,
      previous: read?.lockfile,
      runtimes: runtimes.records,
      warnings,
    })
    await remembering.result()
    return result
  } finally {
    // Never left running past the lock: a failed install reports its own error, not these.
    await Promise.all([remembering.settled(), prefetching.settled()])
    await lock.release()
  }
}

// The skills' environments: prepared, or with --skip-runtimes and --dry-run kept as recorded.
async function runtimesFor(
  overrides: ExperimentOverrides,
  context: { options: InstallerOptions; request: InstallRequest; manifest: Manifest },
): Promise<PreparedRuntimes> {
  const { options, request, manifest } = context
  if (request.skipRuntimes === true || request.dryRun === true) {
    const previous = await readRuntimeState(installerPaths(options).runtimes)
    return keptRuntimes(overrides.skills, previous)
  }
  // Loaded on demand: discovery, pip and npm code stay out of a --skip-runtimes install.
  const { prepareRuntimes } = await import('./prepare-runtimes.js')
  return prepareRuntimes(overrides.skills, {
    options,
    manifest,
    frozen: request.frozen === true,
    notLocked: new Set(overrides.experiments.map((experiment) => experiment.skill)),
    // Checked only once a skill needs an environment.
    checkEnvsWritable: () =>
      preflight(options, request, [{ path: options.envsRoot, role: 'envs' }]),
  })
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

async function loadManifest(options: InstallerOptions, request: InstallRequest): Promise<Manifest> {
  const current = await readManifest(installerPaths(options).manifest)
  const manifest = request.editManifest ? await request.editManifest(current) : current
  if (!manifest) {
    throw new SkillshipError(
      InstallErrorCode.ManifestMissing,
      `No skillship.json in ${options.projectRoot}`,
      {
        hint: 'Run `skillship add <skill>` to create one.',
      },
    )
  }
  return manifest
}

// Verified placements first; the lockfile, the runtimes record and the manifest are written last,
// only on success. A frozen install that would change the lockfile fails instead.
async function finish(input: {
  ready: readonly ReadySkill[]
  /** Skills whose lock entry is not the placed one (experiment variants): the control to keep. */
  lockOf: ReadonlyMap<string, ReadySkill>
  experiments: readonly ExperimentInstall[]
  outcome: SyncOutcome
  manifest: Manifest
  request: InstallRequest
  paths: ReturnType<typeof installerPaths>
  previous: Lockfile | undefined
  runtimes: RuntimeState['skills']
  warnings: readonly string[]
}): Promise<InstallResult> {
  const { outcome, manifest, request, paths } = input
  const placed = input.ready
  const ready = placed.map((skill) => input.lockOf.get(skill.name) ?? skill)
  const failed = outcome.reports.filter((report) => !report.verified)
  if (failed.length > 0) {
    throw new SkillshipError(
      InstallErrorCode.VerifyFailed,
      `Installed skills are not readable in ${failed.length} agent folder(s)`,
      {
        hint: 'Run `skillship install` again; if it persists, check the folders listed.',
        details: { reports: failed },
      },
    )
  }
  const lockfile: Lockfile = {
    lockfileVersion: currentLockfileVersion,
    skills: Object.fromEntries(ready.map((skill) => [skill.name, skill.locked])),
  }
  const dry = request.dryRun === true
  if (request.frozen === true && !dry) assertLockUnchanged(input.previous, lockfile)
  // Independent files, written (and synced) together; skillship.json only after both.
  const [, lockfileChanged] = dry
    ? [undefined, false]
    : await Promise.all([
        writeRuntimeState(paths.runtimes, { version: 1, skills: input.runtimes }),
        writeLockfile(paths.lockfile, lockfile),
      ])
  const result: InstallResult = {
    skills: ready.map((skill) => ({
      name: skill.name,
      version: skill.locked.version,
      integrity: skill.locked.integrity,
      source: skill.locked.source,
      changed: skill.changed,
    })),
    agents: outcome.reports,
    changed: outcome.changed,
    placed: outcome.placed,
    removed: outcome.removed,
    lockfileChanged,
    manifestChanged:
      dry || !request.editManifest ? false : await writeManifest(paths.manifest, manifest),
    warnings: input.warnings,
    ...(input.experiments.length > 0 ? { experiments: input.experiments } : {}),
  }
  // Variants on disk are not what skillship.lock pins: the next frozen install must look again.
  if (!dry && input.experiments.length > 0) await clearInstallStamp(paths.projectRoot)
  else if (!dry) {
    await stamp(paths.projectRoot, placed, outcome, {
      runtimes: request.skipRuntimes !== true,
      envFiles: envMarkers(input.runtimes),
    })
  }
  return result
}

// Every folder the install writes into must be writable by this user before anything is written
// (process.getuid is absent on Windows, where ownership works differently).
// Every folder an install writes into: the agent folders and the store.
function writeTargets(
  placements: readonly AgentPlacement[],
  options: InstallerOptions,
): WriteTarget[] {
  return [
    ...placements.map((placement) => ({
      path: placement.skillsDir,
      role: 'agent folder' as const,
    })),
    { path: options.storeRoot, role: 'store' as const },
  ]
}

async function preflight(
  options: InstallerOptions,
  request: InstallRequest,
  targets: readonly WriteTarget[],
): Promise<{ warnings: string[] }> {
  if (request.dryRun === true || process.getuid === undefined) return { warnings: [] }
  return preflightWritable(targets, {
    uid: process.getuid(),
    allowRoot: request.allowRoot === true,
    home: options.home,
  })
}

// Environments untouched (--skip-runtimes, --dry-run): each skill keeps its locked runtime and its
// record while its content is unchanged.
function keptRuntimes(ready: readonly ReadySkill[], previous: RuntimeState): PreparedRuntimes {
  const records = Object.fromEntries(
    ready.flatMap((skill) => {
      const record = previous.skills[skill.name]
      return record?.integrity === skill.locked.integrity ? [[skill.name, record]] : []
    }),
  )
  return { skills: ready, records }
}

function assertLockUnchanged(previous: Lockfile | undefined, next: Lockfile): void {
  if (previous !== undefined && serializeLockfile(previous) === serializeLockfile(next)) return
  throw new SkillshipError(
    InstallErrorCode.LockfileOutOfDate,
    '--frozen: this install would change skillship.lock',
    { hint: 'Run `skillship install` without --frozen and commit skillship.lock.' },
  )
}

// `sync` installs exactly what the lockfile pins, whatever skillship.json says now.
function lockedManifest(manifest: Manifest, lockfile: Lockfile | undefined): Manifest {
  const skills = Object.fromEntries(
    Object.entries(lockfile?.skills ?? {}).map(([name, entry]) => [name, entry.spec]),
  )
  return { ...manifest, skills }
}

// Lets the next `install --frozen` skip everything when nothing changed (install-stamp.ts).
async function stamp(
  projectRoot: string,
  ready: readonly ReadySkill[],
  outcome: SyncOutcome,
  environments: { runtimes: boolean; envFiles: readonly string[] },
): Promise<void> {
  const filesOf = new Map(ready.map((skill) => [skill.name, skill.entry.files]))
  // Agents served by one folder share its placement: each path is checked once.
  const paths = new Map(outcome.reports.map((report) => [report.path, report.method]))
  const placements = [...paths].map(([path, method]) => ({
    path,
    method,
    files: filesOf.get(basename(path)) ?? [],
  }))
  await writeInstallStamp(
    projectRoot,
    {
      skills: ready.map((skill) => ({
        name: skill.name,
        version: skill.locked.version,
        integrity: skill.locked.integrity,
        source: skill.locked.source,
        changed: false as const,
      })),
      agents: outcome.reports.map((report) => ({
        agent: report.agent,
        path: report.path,
        method: report.method,
        verified: true as const,
      })),
    },
    placements,
    environments,
    outcome.fileStats,
  )
}

// The files whose identity tells an environment is still the one installed.
function envMarkers(records: RuntimeState['skills']): string[] {
  return Object.values(records).flatMap((record) => [
    ...(record.python
      ? [join(record.python.path, 'skillship-env.json'), venvPython(record.python.path)]
      : []),
    ...(record.node ? [join(record.node.path, 'skillship-env.json')] : []),
  ])
}
