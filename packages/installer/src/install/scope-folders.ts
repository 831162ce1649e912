import { agentSkillDirs, allAgentSkillDirs } from '../link/agent-skill-dirs.js'
import { findAgent } from '../link/agents-table.js'
import { type ClaimedState, claimedState, readInstalledState } from '../state/installed-state.js'
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
