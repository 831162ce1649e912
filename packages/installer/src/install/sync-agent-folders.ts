import { join, resolve } from 'node:path'
import type { AgentReport } from '../link/agent-target.js'
import type { AgentPlacement } from '../link/agents.js'
import { type PlacedSkill, placeSkill } from '../link/place-skill.js'
import {
  createRealFolderCache,
  createStagingSession,
  type StagingSession,
} from '../link/skill-staging.js'
import {
  placementState,
  verifyBuiltFolder,
  verifyLinkToVerifiedFolder,
  verifyPlacedSkill,
} from '../link/verify-placed-skill.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import type { InstallerOptions } from '../project/project.js'
import { runPool } from '../shared/helpers.js'
import type { InstalledRecord, InstalledState } from '../state/installed-state.js'
import {
  type ClaimedState,
  claimedState,
  withRecords,
  writeInstalledState,
} from '../state/installed-state.js'
import {
  assertMayReplace,
  deletePlacedEntry,
  type PlacementProof,
  planRemovals,
  proverFor,
} from '../state/placed-ownership.js'
import type { StampStats } from './install-stamp.js'
import type { ReadySkill } from './prepare-skills.js'

export interface SyncOptions {
  readonly dryRun: boolean
  readonly force: boolean
  readonly statePath: string
  /** Every agent skills folder of this scope: the only folders the state file may claim. */
  readonly skillsDirs: ReadonlySet<string>
  /** The shared skills folder (`.agents/skills`) skillship's links point into. */
  readonly sharedDir: string
  /** Skills skillship.lock held that are no longer wanted (removed from agent folders). */
  readonly formerNames: readonly string[]
  /** The locked files of `name` at `integrity` (proves folders placed before markers). */
  readonly lockedFiles: (name: string, integrity: string) => readonly LockedFile[] | undefined
}

/** What a sync did (or, with dryRun, would do). */
export interface SyncOutcome {
  readonly state: InstalledState
  /** Placements created or replaced plus entries removed: 0 means the folders already matched. */
  readonly changed: number
  readonly placed: readonly string[]
  readonly removed: readonly string[]
  readonly reports: readonly AgentReport[]
  /** The identity of placed files known from checking or placing them, by absolute path. */
  readonly fileStats: ReadonlyMap<string, StampStats>
  /** State records ignored or left alone because skillship cannot prove it placed them. */
  readonly warnings: readonly string[]
}

/**
 * Makes the agent folders hold exactly `skills`: places what is missing or differs (a placement
 * already correct on disk is left alone, so a repeated install changes nothing), removes what
 * skillship placed earlier that is no longer wanted (and only that), records every placement in
 * the state before writing it, then verifies each placement on disk.
 */
export async function syncAgentFolders(
  skills: readonly ReadySkill[],
  placements: readonly AgentPlacement[],
  options: InstallerOptions,
  sync: SyncOptions & { readonly state: InstalledState },
): Promise<SyncOutcome> {
  const targets = skills.flatMap((skill) =>
    placements.map((placement) => toTarget(skill, placement)),
  )
  const fileStats = new Map<string, StampStats>()
  const onFileStats = (path: string, stats: StampStats) => fileStats.set(path, stats)
  const claims = claimedState(sync.state, sync.skillsDirs)
  const stale = await findStaleTargets(targets, onFileStats)
  const wanted = new Map(targets.map((target) => [target.path, target.placement.agents]))
  const { proofs, removals } = decide(stale, placements, { claims, wanted, sync })
  const built = new Map<string, PlacedSkill>()
  let written: InstalledState | undefined
  const state = withRecords(
    claims.state,
    targets.flatMap((target) => records(target.placement, target.skill, target.path)),
  )
  if (!sync.dryRun && stale.length > 0) {
    // One state write (fsync'd) before any placement: a crash mid-install never leaves a
    // skillship folder that the state does not claim.
    await writeInstalledState(sync.statePath, state)
    written = state
    const session = createStagingSession()
    try {
      for (const [index, target] of stale.entries()) {
        options.onProgress?.({
          phase: 'place',
          name: target.skill.name,
          done: index + 1,
          total: stale.length,
        })
        const replace = proofs.has(target.path)
        built.set(target.path, await placeTarget(target, replace, session))
      }
    } finally {
      await session.close()
    }
  }
  const removal = await removeUnwanted(state, wanted, removals.remove, sync)
  // Not written twice with the same records (the write also skips a file already equal).
  if (!sync.dryRun && (removal.state !== written || claims.ignored.length > 0)) {
    await writeInstalledState(sync.statePath, removal.state)
  }
  // Placements found correct above were just checked on disk; only the ones written now are re-read.
  const stalePaths = new Set(stale.map((target) => target.path))
  const fresh = targets.filter((target) => !stalePaths.has(target.path)).map(verifiedReport)
  const checked = sync.dryRun ? [] : [...fresh, ...(await verifyTargets(stale, built, onFileStats))]
  const reports = forEveryAgent(checked, placements)
  const placed = stale.map((target) => target.path)
  return {
    state: removal.state,
    changed: placed.length + removal.removed.length,
    placed,
    removed: removal.removed,
    reports,
    fileStats,
    warnings: [...claims.ignored.map(ignoredWarning), ...removals.warnings],
  }
}

// Every decision before any write: what is replaced or removed must be proven skillship's
// (INSTALL_TARGET_CONFLICT, INSTALL_LOCAL_CHANGES otherwise, unless --force).
function decide(
  stale: readonly StaleTarget[],
  placements: readonly AgentPlacement[],
  context: {
    readonly claims: ClaimedState
    readonly wanted: ReadonlyMap<string, readonly string[]>
    readonly sync: SyncOptions & { readonly state: InstalledState }
  },
) {
  const { claims, sync } = context
  const prove = proverFor(sync.sharedDir, legacyFilesOf(claims.state, sync))
  const proofs = new Map<string, PlacementProof>()
  for (const target of stale) {
    if (target.present) proofs.set(target.path, prove(target.path, target.skill.name))
  }
  if (!sync.dryRun) {
    const proven = [...proofs].map(([path, proof]) => ({ path, proof }))
    assertMayReplace(proven, sync.force)
  }
  const removals = planRemovals({
    claimed: claims.state,
    wanted: new Set(context.wanted.keys()),
    skillsDirs: placements.map((placement) => placement.skillsDir),
    formerNames: [...sync.formerNames, ...sync.state.skills.map((record) => record.name)],
    prove,
    force: sync.force || sync.dryRun,
  })
  return { proofs, removals }
}

function ignoredWarning(record: InstalledRecord): string {
  return `Ignored the install state's record of ${record.path}: not a skill folder skillship may manage here.`
}

// The locked files for a folder an in-scope record says skillship placed at that integrity.
function legacyFilesOf(claimed: InstalledState, sync: SyncOptions) {
  const integrityAt = new Map(
    claimed.skills.map((record) => [resolve(record.path), record.integrity]),
  )
  return (path: string, name: string) => {
    const integrity = integrityAt.get(resolve(path))
    return integrity === undefined ? undefined : sync.lockedFiles(name, integrity)
  }
}

const placeConcurrency = 8

interface PlacementTarget {
  readonly skill: ReadySkill
  readonly placement: AgentPlacement
  readonly path: string
  readonly symlinkTarget: string | undefined
}

function toTarget(skill: ReadySkill, placement: AgentPlacement): PlacementTarget {
  const symlinkTarget =
    placement.linkTo === undefined ? undefined : `${placement.linkTo}/${skill.name}`
  return { skill, placement, path: join(placement.skillsDir, skill.name), symlinkTarget }
}

/** A placement that differs from what is on disk; `present` when anything is at its path. */
interface StaleTarget extends PlacementTarget {
  readonly present: boolean
}

// The placements that differ from what is on disk; a placement already right is left alone.
async function findStaleTargets(
  targets: readonly PlacementTarget[],
  onFileStats: (path: string, stats: StampStats) => void,
): Promise<StaleTarget[]> {
  const states = new Array<'correct' | 'absent' | 'differs'>(targets.length)
  await runPool(targets.length, placeConcurrency, async (index) => {
    const target = targets[index] as PlacementTarget
    const { skill, placement, path, symlinkTarget } = target
    states[index] = await placementState({
      path,
      files: skill.entry.files,
      method: placement.method,
      onFileStats,
      ...(symlinkTarget ? { symlinkTarget } : {}),
    })
  })
  // Real folders first: symlinks point at the shared folders placed before them.
  return targets
    .flatMap((target, index) =>
      states[index] === 'correct' ? [] : [{ ...target, present: states[index] === 'differs' }],
    )
    .sort((a, b) => order(a) - order(b))
}

function order(target: PlacementTarget): number {
  return target.placement.method === 'folder' ? 0 : 1
}

async function placeTarget(
  target: PlacementTarget,
  replace: boolean,
  session: StagingSession,
): Promise<PlacedSkill> {
  const { skill, placement, symlinkTarget } = target
  return placeSkill(
    placement.method === 'symlink'
      ? {
          method: 'symlink',
          skillsDir: placement.skillsDir,
          name: skill.name,
          symlinkTarget: symlinkTarget ?? '',
          replace,
        }
      : {
          method: 'folder',
          skillsDir: placement.skillsDir,
          name: skill.name,
          entry: skill.entry,
          replace,
        },
    session,
  )
}

// One record per agent reading the placement, so `list` can say which agents see the skill.
function records(placement: AgentPlacement, skill: ReadySkill, path: string) {
  const shared = { name: skill.name, path, integrity: skill.locked.integrity }
  return placement.agents.map((agent) => ({ ...shared, agent, method: placement.method }))
}

// Removes what planRemovals proved skillship placed and no longer wants; every record of a path no
// longer wanted goes, and at a wanted path only the records of agents no longer served by it.
async function removeUnwanted(
  state: InstalledState,
  wanted: ReadonlyMap<string, readonly string[]>,
  remove: readonly string[],
  sync: SyncOptions,
) {
  const keep = (record: InstalledRecord) =>
    wanted.get(resolve(record.path))?.includes(record.agent) === true
  const next: InstalledState = state.skills.every(keep)
    ? state
    : { ...state, skills: state.skills.filter(keep) }
  if (!sync.dryRun) for (const path of remove) await deletePlacedEntry(path)
  return { state: next, removed: remove }
}

// One report per agent: agents served by the same folder share its placement's check.
function forEveryAgent(
  reports: readonly AgentReport[],
  placements: readonly AgentPlacement[],
): AgentReport[] {
  const byAgent = new Map(placements.map((placement) => [placement.agent, placement.agents]))
  return reports.flatMap((report) =>
    (byAgent.get(report.agent) ?? [report.agent]).map((agent) => ({ ...report, agent })),
  )
}

function verifiedReport(target: PlacementTarget): AgentReport {
  return {
    agent: target.placement.agent,
    path: target.path,
    method: target.placement.method,
    verified: true,
  }
}

// Folders come first (findStaleTargets' order). A folder built in this run is checked by identity
// (verifyBuiltFolder); a link to a folder verified here by where it resolves rather than file by
// file again.
async function verifyTargets(
  targets: readonly PlacementTarget[],
  built: ReadonlyMap<string, PlacedSkill>,
  onFileStats: (path: string, stats: StampStats) => void,
): Promise<AgentReport[]> {
  const reports: AgentReport[] = []
  const verifiedFolders = new Set<string>()
  const folders = createRealFolderCache()
  for (const { skill, placement, path, symlinkTarget } of targets) {
    if (symlinkTarget !== undefined && verifiedFolders.has(symlinkTarget)) {
      const agent = placement.agent
      reports.push(
        verifyLinkToVerifiedFolder({ agent, path, verifiedFolder: symlinkTarget, folders }),
      )
      continue
    }
    const options = {
      agent: placement.agent,
      path,
      files: skill.entry.files,
      method: placement.method,
      onFileStats,
    }
    const folder = built.get(path)?.folder
    const report = await (folder === undefined
      ? verifyPlacedSkill(options)
      : verifyBuiltFolder({ ...options, folder }))
    if (report.verified && placement.method === 'folder') {
      verifiedFolders.add(path)
      const sealed = built.get(path)?.files
      for (const [file, stats] of sealed ?? []) onFileStats(join(path, file), stats)
    }
    reports.push(report)
  }
  return reports
}
