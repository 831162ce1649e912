import { mkdir } from 'node:fs/promises'
import { SkillshipError } from '@skillship/core/errors'
import { type AuditGateReport, auditGate } from '../audit/install-gate.js'
import { projectAuditPolicy } from '../audit/project-audit-policy.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { type AgentPlacement, agentPlacements } from '../link/agents.js'
import { readLockfile } from '../lockfile/lockfile.js'
import type { LockedAudit, Lockfile } from '../lockfile/lockfile-schema.js'
import { type Manifest, readManifest } from '../manifest/manifest.js'
import { preflightWritable, type WriteTarget } from '../permissions/preflight-writable.js'
import {
  acquireProjectLock,
  type InstallerOptions,
  installerPaths,
  rememberProject,
} from '../project/project.js'
import { createSources, type Sources } from '../source/create-sources.js'
import { readInstalledState, scopeFolders } from '../state/installed-state.js'
import { assertNoEditedPlacements } from '../state/placed-ownership.js'
import { createContentStore } from '../store/content-store.js'
import { applyTrustPolicy } from '../trust/apply-trust-policy.js'
import type { ExperimentOverrides } from './experiment-overrides.js'
import type { InstallRequest, InstallResult } from './install-request.js'
import { assertLockUnchanged, finish, nextLockfile, planInstall } from './plan-install.js'
import type { PreparedRuntimes } from './prepare-runtimes.js'
import { type RuntimeState, readRuntimeState } from './prepare-runtimes.js'
import type { ReadySkill } from './prepare-skills.js'
import { prefetchLockedVerdicts, prefetchPlanned, prepareSkills } from './prepare-skills.js'
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
  let verdicts = idleTask
  try {
    const { manifest, sources } = await loadManifest(options, request)
    if (request.dryRun !== true) {
      remembering = startBackgroundTask(() =>
        rememberProject(options.skillshipHome, options.projectRoot),
      )
    }
    const { read, plan } = await readAndPlan(manifest, options, request)
    const placements = agentPlacements(manifest.agents, options, request.copy === true)
    // The registry answers while the folders are checked; its failure counts where it is awaited.
    prefetching = startBackgroundTask(() =>
      prefetchPlanned(plan.skills, sources, options.projectRoot),
    )
    verdicts = startBackgroundTask(() => prefetchLockedVerdicts(plan.skills, sources))
    const { warnings } = await preflight(options, request, writeTargets(placements, options))
    if (request.force !== true && request.dryRun !== true) {
      await assertNoEditedPlacements(options, read?.lockfile)
    }
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
    const context = { options, request, store, manifest, sources, verdicts }
    const { overrides, lockOf, ...gated } = await gatedSkills(fetched, read?.lockfile, context)
    const runtimes = await runtimesFor(overrides, { options, request, manifest })
    const ready = runtimes.skills
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
      warnings: [...warnings, ...fetched.flatMap(waivedWarning), ...gated.warnings],
      audit: gated.report,
    })
    await remembering.result()
    return result
  } finally {
    // Never left running past the lock: a failed install reports its own error, not these.
    await Promise.all([remembering.settled(), prefetching.settled(), verdicts.settled()])
    await lock.release()
  }
}

// skillship.lock as read, and the plan from it and the manifest (`sync`: the lockfile's skills).
async function readAndPlan(manifest: Manifest, options: InstallerOptions, request: InstallRequest) {
  const read = await readLockfile(installerPaths(options).lockfile)
  const effective = request.lockOnly ? lockedManifest(manifest, read?.lockfile) : manifest
  const plan = planInstall(effective, read?.lockfile, {
    frozen: request.frozen === true,
    origin: { registry: manifest.registry ?? options.registry, cwd: options.projectRoot },
    ...(request.update ? { update: request.update } : {}),
  })
  return { read, plan }
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

// Experiment variants, then the audit gate over every skill to place and every lock entry kept,
// before any environment is built or anything placed (INSTALL_AUDIT_BLOCKED). The registry's
// current verdicts on locked versions were read meanwhile (`verdicts`; a failed read is asked
// again, and reported, by the gate).
async function gatedSkills(
  fetched: readonly ReadySkill[],
  previous: Lockfile | undefined,
  context: {
    readonly options: InstallerOptions
    readonly request: InstallRequest
    readonly store: ReturnType<typeof createContentStore>
    readonly manifest: Manifest
    readonly sources: Sources
    readonly verdicts: BackgroundTask
  },
): Promise<GatedInstall> {
  const { options, request, store } = context
  const unaudited = await withExperiments(fetched, options, request, store)
  await context.verdicts.settled()
  return gateInstall(unaudited, lockEntries(fetched, unaudited), {
    manifest: context.manifest,
    projectRoot: options.projectRoot,
    sources: context.sources,
    previous,
    frozen: request.frozen === true,
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

// The manifest to install, and the run's sources for its registry (the edit's when it kept the
// registry, so documents read while editing are not read again).
async function loadManifest(
  options: InstallerOptions,
  request: InstallRequest,
): Promise<{ manifest: Manifest; sources: Sources }> {
  const current = await readManifest(installerPaths(options).manifest)
  const sourcesFor = (registry: string) =>
    createSources({
      registry,
      clientFor: options.clientFor,
      force: request.force === true,
      onProgress: options.onProgress,
    })
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

/** Work started early and awaited late (a write whose fsync can overlap the install's own work). */
export interface BackgroundTask {
  /** Resolves once the work ended, however it ended: it never rejects unobserved. */
  settled(): Promise<void>
  /** Resolves when the work succeeded; rejects with its failure. */
  result(): Promise<void>
}

/** A task with nothing to do. */
export const idleTask: BackgroundTask = {
  settled: async () => undefined,
  result: async () => undefined,
}

/** Starts `work` now; the caller awaits `result()` where its failure counts, `settled()` always. */
export function startBackgroundTask(work: () => Promise<unknown>): BackgroundTask {
  const outcome = work().then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  return {
    settled: async () => {
      await outcome
    },
    result: async () => {
      const ended = await outcome
      if (!ended.ok) throw ended.error
    },
  }
}

/** Every folder an install writes into: the agent folders and the store. */
export function writeTargets(
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

/**
 * Every folder the install writes into must be writable by this user before anything is written
 * (process.getuid is absent on Windows, where ownership works differently). A dry run writes
 * nothing and checks nothing.
 */
export async function preflight(
  options: InstallerOptions,
  request: Pick<InstallRequest, 'dryRun' | 'allowRoot'>,
  targets: readonly WriteTarget[],
): Promise<{ warnings: string[] }> {
  if (request.dryRun === true || process.getuid === undefined) return { warnings: [] }
  return preflightWritable(targets, {
    uid: process.getuid(),
    allowRoot: request.allowRoot === true,
    home: options.home,
  })
}

/** The install after its gate: the skills to place and the lock entries, each with its verdict. */
export interface GatedInstall {
  readonly overrides: ExperimentOverrides
  readonly lockOf: ReadonlyMap<string, ReadySkill>
  readonly warnings: readonly string[]
  readonly report: AuditGateReport
}

/**
 * Runs the audit gate over every skill about to be placed and every lock entry kept in its place
 * (an experiment's control), under the project's policy (skillship.json `audit`). Each skill's
 * lock entry gets its verdict record; under `frozen` the entry keeps the record skillship.lock
 * already has, as a frozen install never rewrites the lockfile (the gate still judges).
 */
export async function gateInstall(
  overrides: ExperimentOverrides,
  lockOf: ReadonlyMap<string, ReadySkill>,
  context: {
    readonly manifest: Manifest
    readonly projectRoot: string
    readonly sources: Sources
    readonly previous: Lockfile | undefined
    readonly frozen: boolean
  },
): Promise<GatedInstall> {
  const policy = await projectAuditPolicy(context.projectRoot, context.manifest.audit)
  const all = [...overrides.skills, ...lockOf.values()]
  const unique = [...new Map(all.map((skill) => [keyOf(skill), skill])).values()]
  const gate = await auditGate(
    unique.map((skill) => ({ name: skill.name, locked: skill.locked, dir: skill.entry.dir })),
    {
      policy,
      previous: context.previous,
      versionDocument: (locked) => context.sources.versionDocument(locked),
    },
  )
  const withRecord = (skill: ReadySkill): ReadySkill => {
    const audit = context.frozen
      ? frozenRecord(skill, context.previous)
      : gate.records.get(keyOf(skill))
    const { audit: _replaced, ...locked } = skill.locked
    return { ...skill, locked: audit === undefined ? locked : { ...locked, audit } }
  }
  return {
    overrides: { ...overrides, skills: overrides.skills.map(withRecord) },
    lockOf: new Map([...lockOf].map(([name, skill]) => [name, withRecord(skill)])),
    warnings: gate.warnings,
    report: gate.report,
  }
}

function keyOf(skill: ReadySkill): string {
  return `${skill.name}\n${skill.locked.integrity}`
}

function frozenRecord(skill: ReadySkill, previous: Lockfile | undefined): LockedAudit | undefined {
  const entry = previous?.skills[skill.name]
  return entry?.integrity === skill.locked.integrity ? entry.audit : undefined
}

/** The skills' environments: prepared, or with --skip-runtimes and --dry-run kept as recorded. */
export async function runtimesFor(
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
