import { basename, join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import type { AuditGateReport } from '../audit/install-gate.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { serializeLockfile, writeLockfile } from '../lockfile/lockfile.js'
import {
  currentLockfileVersion,
  type LockedSkill,
  type Lockfile,
} from '../lockfile/lockfile-schema.js'
import { type Manifest, writeManifest } from '../manifest/manifest.js'
import type { installerPaths } from '../project/project.js'
import { venvPython } from '../shared/helpers.js'
import { parseSourceSpec } from '../source/create-sources.js'
import type { LockedSource, SkillSourceSpec } from '../source/skill-source-spec.js'
import type { ExperimentInstall } from './experiment-overrides.js'
import type { InstallRequest, InstallResult } from './install-request.js'
import { clearInstallStamp, writeInstallStamp } from './install-stamp.js'
import { type RuntimeState, writeRuntimeState } from './prepare-runtimes.js'
import type { ReadySkill } from './prepare-skills.js'
import type { SyncOutcome } from './sync-agent-folders.js'

/** What to do for one skill of the manifest. */
export type PlannedSkill =
  /** The lockfile already pins a version for this exact spec: install it as locked (no resolution). */
  | {
      readonly name: string
      readonly spec: string
      readonly action: 'locked'
      readonly locked: LockedSkill
    }
  /** New, or the spec changed, or an update was asked for: resolve the spec again. */
  | {
      readonly name: string
      readonly spec: string
      readonly action: 'resolve'
      readonly previous: LockedSkill | undefined
    }

export interface InstallPlan {
  readonly skills: readonly PlannedSkill[]
  /** Locked skills no longer in the manifest: removed from the lockfile and from agent folders. */
  readonly removed: readonly string[]
}

/**
 * Compares the manifest with the lockfile. `frozen` (CI) refuses any drift with
 * INSTALL_LOCKFILE_OUT_OF_DATE: a manifest skill missing from the lock, a changed spec, or a
 * locked skill the manifest no longer lists. `update` names skills to resolve again even when
 * locked (all of them when it is `true`).
 */
export function planInstall(
  manifest: Manifest,
  lockfile: Lockfile | undefined,
  options: {
    readonly frozen?: boolean
    readonly update?: true | readonly string[]
    /** Where skillship.json's specs point: a lock entry from elsewhere is not the skill it names. */
    readonly origin?: SpecOrigin
  } = {},
): InstallPlan {
  const locked =
    options.origin === undefined
      ? (lockfile?.skills ?? {})
      : lockedFromOrigin(manifest, lockfile?.skills ?? {}, options.origin, options.frozen === true)
  const skills = Object.keys(manifest.skills)
    .sort()
    .map((name) =>
      planSkill(name, manifest.skills[name] ?? '', locked[name], wantsUpdate(options.update, name)),
    )
  const removed = Object.keys(locked)
    .filter((name) => !(name in manifest.skills))
    .sort()
  const drift = [
    ...skills.flatMap((skill) => driftOf(skill)),
    ...removed.map((name) => `${name} (locked but not in skillship.json)`),
  ]
  if (options.frozen === true && drift.length > 0) {
    throw new SkillshipError(
      InstallErrorCode.LockfileOutOfDate,
      `skillship.lock does not match skillship.json: ${drift.join(', ')}`,
      {
        hint: 'Run `skillship install` without --frozen and commit the updated skillship.lock.',
        details: { drift },
      },
    )
  }
  return { skills, removed }
}

/** What a manifest spec is read against: the registry of registry specs, the folder of paths. */
export interface SpecOrigin {
  readonly registry: string
  readonly cwd: string
}

/**
 * A lock entry is only the skill skillship.json names when it comes from the same place (same
 * registry and name, git URL and folder, archive, local folder): an edited lockfile must not
 * swap in another source that happens to carry a valid integrity. `frozen` refuses any such entry
 * with INSTALL_LOCK_SOURCE_MISMATCH (naming both) before anything is fetched or written; otherwise
 * the entry is left out (the skill resolves again from skillship.json).
 */
function lockedFromOrigin(
  manifest: Manifest,
  lockedSkills: Readonly<Record<string, LockedSkill>>,
  origin: SpecOrigin,
  frozen: boolean,
): Record<string, LockedSkill> {
  const locked = { ...lockedSkills }
  for (const [name, text] of Object.entries(manifest.skills)) {
    const entry = locked[name]
    if (entry === undefined || entry.spec !== text) continue
    const spec = parseSourceSpec(text, { name, cwd: origin.cwd })
    if (sourceAgrees(spec, entry.source, origin.registry)) continue
    if (!frozen) {
      delete locked[name]
      continue
    }
    throw new SkillshipError(
      InstallErrorCode.LockSourceMismatch,
      `skillship.lock takes ${name} from ${describeLocked(entry.source)}, but skillship.json names ${describeSpec(spec, origin.registry)}`,
      {
        hint: 'Restore skillship.lock from version control, or run `skillship install` without --frozen.',
        details: { name, locked: entry.source, manifest: spec },
      },
    )
  }
  return locked
}

function sourceAgrees(spec: SkillSourceSpec, source: LockedSource, registry: string): boolean {
  switch (spec.kind) {
    case 'registry':
      return (
        source.type === 'registry' &&
        source.name === spec.name &&
        sameRegistry(source.registry, registry)
      )
    case 'git':
      return source.type === 'git' && source.url === spec.url && source.subpath === spec.subpath
    case 'archive':
      return source.type === 'archive' && source.location === spec.location
    case 'directory':
      return source.type === 'directory' && source.path === spec.path && source.link === spec.link
  }
}

// Registry URLs compare by origin and path, ignoring a trailing slash.
function sameRegistry(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      const parsed = new URL(url)
      return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`
    } catch (error) {
      if (error instanceof TypeError) return url
      throw error
    }
  }
  return normal(a) === normal(b)
}

function describeLocked(source: LockedSource): string {
  if (source.type === 'registry') return `${source.name} on registry ${source.registry}`
  if (source.type === 'git')
    return `git ${source.url}${source.subpath ? ` (${source.subpath})` : ''}`
  return source.type === 'archive' ? `archive ${source.location}` : `folder ${source.path}`
}

function describeSpec(spec: SkillSourceSpec, registry: string): string {
  if (spec.kind === 'registry') return `${spec.name} on registry ${registry}`
  if (spec.kind === 'git') return `git ${spec.url}${spec.subpath ? ` (${spec.subpath})` : ''}`
  return spec.kind === 'archive' ? `archive ${spec.location}` : `folder ${spec.path}`
}

function wantsUpdate(update: true | readonly string[] | undefined, name: string): boolean {
  return update === true || (Array.isArray(update) && update.includes(name))
}

function planSkill(
  name: string,
  spec: string,
  entry: LockedSkill | undefined,
  update: boolean,
): PlannedSkill {
  if (entry && entry.spec === spec && !update)
    return { name, spec, action: 'locked', locked: entry }
  return { name, spec, action: 'resolve', previous: entry }
}

// An update of a locked skill is not drift; a missing or changed lock entry is.
function driftOf(skill: PlannedSkill): string[] {
  if (skill.action === 'locked') return []
  if (!skill.previous) return [`${skill.name} (not locked)`]
  return skill.previous.spec === skill.spec
    ? []
    : [`${skill.name} (spec ${skill.previous.spec} -> ${skill.spec})`]
}

/**
 * The end of an install, once every placement is verified (INSTALL_VERIFY_FAILED otherwise): the
 * lockfile and the runtimes record, then the manifest, then the install stamp. (A frozen install
 * that would change the lockfile was refused before placing: assertLockUnchanged.)
 */
export async function finish(input: {
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
  /** Warnings of the steps before placing (the sync's own are added after them). */
  warnings: readonly string[]
  /** The audit gate's account (verdicts and how many skills were scanned). */
  audit: AuditGateReport
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
  const lockfile = nextLockfile(placed, input.lockOf)
  const dry = request.dryRun === true
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
    warnings: [...input.warnings, ...outcome.warnings],
    audit: input.audit,
    ...(input.experiments.length > 0 ? { experiments: input.experiments } : {}),
  }
  // Variants on disk are not what skillship.lock pins: the next frozen install must look again.
  if (!dry && input.experiments.length > 0) await clearInstallStamp(paths.projectRoot)
  else if (!dry) {
    await stamp(paths.projectRoot, placed, lockfile, outcome, {
      runtimes: request.skipRuntimes !== true,
      envFiles: envMarkers(input.runtimes),
    })
  }
  return result
}

/** The lockfile an install writes: each skill's lock entry (the control's for a variant). */
export function nextLockfile(
  placed: readonly ReadySkill[],
  lockOf: ReadonlyMap<string, ReadySkill>,
): Lockfile {
  const ready = placed.map((skill) => lockOf.get(skill.name) ?? skill)
  return {
    lockfileVersion: currentLockfileVersion,
    skills: Object.fromEntries(ready.map((skill) => [skill.name, skill.locked])),
  }
}

/**
 * `--frozen`: INSTALL_LOCKFILE_OUT_OF_DATE when the install would change skillship.lock. Called
 * once the skills and their environments are ready and before any agent folder is touched.
 */
export function assertLockUnchanged(previous: Lockfile | undefined, next: Lockfile): void {
  if (previous !== undefined && serializeLockfile(previous) === serializeLockfile(next)) return
  throw new SkillshipError(
    InstallErrorCode.LockfileOutOfDate,
    '--frozen: this install would change skillship.lock',
    { hint: 'Run `skillship install` without --frozen and commit skillship.lock.' },
  )
}

// Lets the next `install --frozen` skip everything when nothing changed (install-stamp.ts).
async function stamp(
  projectRoot: string,
  ready: readonly ReadySkill[],
  lockfile: Lockfile,
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
    lockfile,
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
