import { agentSkillDirs, allAgentSkillDirs } from '../link/agent-skill-dirs.js'
import { findAgent } from '../link/agents-table.js'
import type { Lockfile } from '../lockfile/lockfile-schema.js'
import { type ClaimedState, claimedState, readInstalledState } from '../state/installed-state.js'
import { assertUnchanged, changedPlacements } from '../state/placed-changes.js'
import { type InstallerOptions, installerPaths } from './installer-options.js'

/** The agent skills folders of a scope and the shared one skillship's links point into. */
export interface ScopeFolders {
  /** Every agent skills folder of the scope: the only folders its state file may claim. */
  readonly skillsDirs: ReadonlySet<string>
  /** The shared skills folder (`.agents/skills`, or the user's). */
  readonly sharedDir: string
}

/** The folders of `options.scope` (install, list and doctor agree on them). */
export function scopeFolders(
  options: Pick<InstallerOptions, 'scope' | 'projectRoot' | 'home' | 'env'>,
): ScopeFolders {
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

/**
 * The scope's state file read as install reads it: only the records it may claim (claimedState),
 * so `list` and `doctor` never report or inspect a path a planted state names.
 */
export async function readClaimedState(
  options: Pick<InstallerOptions, 'scope' | 'projectRoot' | 'home' | 'env'>,
): Promise<ClaimedState> {
  const state = await readInstalledState(installerPaths(options).state)
  return claimedState(state, scopeFolders(options).skillsDirs)
}

/**
 * INSTALL_LOCAL_CHANGES when a skill folder skillship placed in this scope was changed since: run
 * before anything is fetched, built or written (every claimed folder is either kept as the lock
 * wants it, replaced or removed by an install, so any edit would be overwritten). The placement
 * sync proves each target again before writing, for what changes meanwhile.
 */
export async function assertNoEditedPlacements(
  options: Pick<InstallerOptions, 'scope' | 'projectRoot' | 'home' | 'env'>,
  lockfile: Lockfile | undefined,
): Promise<void> {
  const { state } = await readClaimedState(options)
  const { sharedDir } = scopeFolders(options)
  assertUnchanged(changedPlacements(state.skills, { sharedDir, lockfile }))
}
