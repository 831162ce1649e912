import { agentSkillDirs } from '../link/agent-skill-dirs.js'
import type { PlaceMethod } from '../link/agent-target.js'
import { findAgent } from '../link/agents-table.js'
import type { InstallerOptions } from './installer-options.js'

/** Where a skill goes for one agent, and how. */
export interface AgentPlacement {
  readonly agent: string
  readonly skillsDir: string
  readonly method: PlaceMethod
}

/**
 * The skills folders to fill for `agents`: each agent's primary folder, one placement per folder
 * (agents sharing `.agents/skills` share it). The shared `.agents/skills` folder (generic) holds a
 * real folder; agents that mishandle symlinks (Qoder, Claude Code) and copy mode get real folders
 * too; every other agent gets a relative symlink to the shared folder, which is then added when
 * no configured agent uses it. Real folders come first, so links always point at finished skills.
 */
export function agentPlacements(
  agents: readonly string[],
  options: InstallerOptions,
  copy: boolean,
): AgentPlacement[] {
  const dirsOptions = {
    scope: options.scope,
    projectRoot: options.projectRoot,
    home: options.home,
    env: options.env,
  }
  const shared = agentSkillDirs(findAgent('generic'), dirsOptions)[0] ?? ''
  const byDir = new Map<string, AgentPlacement>()
  for (const id of agents) {
    const agent = findAgent(id)
    const dir = agentSkillDirs(agent, dirsOptions)[0]
    if (dir === undefined || byDir.has(dir)) continue
    const method: PlaceMethod =
      copy || agent.needsRealFolder || dir === shared ? 'folder' : 'symlink'
    byDir.set(dir, { agent: id, skillsDir: dir, method })
  }
  const placements = [...byDir.values()]
  if (placements.some((p) => p.method === 'symlink') && !byDir.has(shared)) {
    placements.push({ agent: 'generic', skillsDir: shared, method: 'folder' })
  }
  return placements.sort((a, b) => (a.method === b.method ? 0 : a.method === 'folder' ? -1 : 1))
}

/** The folder symlinks point at: the shared `.agents/skills/<name>`. */
export function sharedSkillPath(options: InstallerOptions, name: string): string {
  const dirsOptions = {
    scope: options.scope,
    projectRoot: options.projectRoot,
    home: options.home,
    env: options.env,
  }
  return `${agentSkillDirs(findAgent('generic'), dirsOptions)[0] ?? ''}/${name}`
}
