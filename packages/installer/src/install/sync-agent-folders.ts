import { join } from 'node:path'
import type { AgentReport } from '../link/agent-target.js'
import { placeSkill } from '../link/place-skill.js'
import { isPlacedCorrectly, verifyPlacedSkill } from '../link/verify-placed-skill.js'
import { checkTargetOwnership } from '../state/check-target-ownership.js'
import { withRecord, writeInstalledState } from '../state/installed-state.js'
import type { InstalledState } from '../state/installed-state-schema.js'
import { removePlacedSkill } from '../state/remove-placed-skill.js'
import { type AgentPlacement, sharedSkillPath } from './agent-placements.js'
import type { InstallerOptions } from './installer-options.js'
import type { ReadySkill } from './resolve-planned-skill.js'

export interface SyncOptions {
  readonly dryRun: boolean
  readonly force: boolean
  readonly copy: boolean
  readonly statePath: string
}

/** What a sync did (or, with dryRun, would do). */
export interface SyncOutcome {
  readonly state: InstalledState
  /** Placements created or replaced plus entries removed: 0 means the folders already matched. */
  readonly changed: number
  readonly placed: readonly string[]
  readonly removed: readonly string[]
  readonly reports: readonly AgentReport[]
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
  const progress = { state: sync.state, placed: [] as string[], wanted: new Set<string>() }
  for (const [index, skill] of skills.entries()) {
    options.onProgress?.({ phase: 'place', name: skill.name, done: index, total: skills.length })
    for (const placement of placements)
      await syncPlacement(skill, placement, options, sync, progress)
  }
  const removal = await removeUnwanted(progress.state, progress.wanted, sync)
  if (!sync.dryRun) await writeInstalledState(sync.statePath, removal.state)
  const reports = sync.dryRun ? [] : await verifyAll(skills, placements)
  return {
    state: removal.state,
    changed: progress.placed.length + removal.removed.length,
    placed: progress.placed,
    removed: removal.removed,
    reports,
  }
}

interface SyncProgress {
  state: InstalledState
  readonly placed: string[]
  readonly wanted: Set<string>
}

// One skill in one agent folder: left alone when already right, else recorded, then placed.
async function syncPlacement(
  skill: ReadySkill,
  placement: AgentPlacement,
  options: InstallerOptions,
  sync: SyncOptions,
  progress: SyncProgress,
): Promise<void> {
  const path = join(placement.skillsDir, skill.name)
  progress.wanted.add(path)
  const symlinkTarget =
    placement.method === 'symlink' ? sharedSkillPath(options, skill.name) : undefined
  const target = {
    path,
    files: skill.entry.files,
    method: placement.method,
    storeDir: skill.entry.dir,
    ...(symlinkTarget ? { symlinkTarget } : {}),
  }
  if (await isPlacedCorrectly(target)) {
    progress.state = withRecord(progress.state, record(placement, skill, path))
    return
  }
  progress.placed.push(path)
  if (sync.dryRun) return
  const ownership = await checkTargetOwnership(progress.state, path, { force: sync.force })
  progress.state = withRecord(progress.state, record(placement, skill, path))
  await writeInstalledState(sync.statePath, progress.state)
  const replace = ownership !== 'absent'
  await placeSkill(
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
          copyFiles: sync.copy,
          replace,
        },
  )
}

function record(placement: AgentPlacement, skill: ReadySkill, path: string) {
  return {
    agent: placement.agent,
    name: skill.name,
    path,
    integrity: skill.locked.integrity,
    method: placement.method,
  }
}

async function removeUnwanted(
  state: InstalledState,
  wanted: ReadonlySet<string>,
  sync: SyncOptions,
) {
  let next = state
  const removed: string[] = []
  for (const path of [...new Set(state.skills.map((r) => r.path))]) {
    if (wanted.has(path)) continue
    removed.push(path)
    if (!sync.dryRun) next = (await removePlacedSkill(next, path)).state
  }
  return { state: next, removed }
}

async function verifyAll(
  skills: readonly ReadySkill[],
  placements: readonly AgentPlacement[],
): Promise<AgentReport[]> {
  const reports: AgentReport[] = []
  for (const skill of skills) {
    for (const placement of placements) {
      const path = join(placement.skillsDir, skill.name)
      reports.push(
        await verifyPlacedSkill({
          agent: placement.agent,
          path,
          files: skill.entry.files,
          method: placement.method,
          storeDir: skill.entry.dir,
        }),
      )
    }
  }
  return reports
}
