import { basename, join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import type { AuditGateReport } from '../audit/install-gate.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { serializeLockfile, writeLockfile } from '../lockfile/lockfile.js'
import { currentLockfileVersion, type Lockfile } from '../lockfile/lockfile-schema.js'
import type { Manifest } from '../manifest/manifest.js'
import { writeManifest } from '../manifest/manifest.js'
import type { installerPaths } from '../project/project.js'
import { venvPython } from '../shared/helpers.js'
import type { ExperimentInstall } from './experiment-overrides.js'
import type { InstallRequest, InstallResult } from './install-request.js'
import { clearInstallStamp, writeInstallStamp } from './install-stamp.js'
import { type RuntimeState, writeRuntimeState } from './prepare-runtimes.js'
import type { ReadySkill } from './prepare-skills.js'
import type { SyncOutcome } from './sync-agent-folders.js'

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
    await stamp(paths.projectRoot, placed, outcome, {
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
