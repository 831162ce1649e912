import { type AgentSkillDirsOptions, agentSkillDirs } from '../link/agent-skill-dirs.js'
import type { PlaceMethod } from '../link/agent-target.js'
import { findAgent } from '../link/agents-table.js'
import type { InstallerOptions } from './installer-options.js'

/** Where a skill goes for one agent, and how. */
export interface AgentPlacement {
  /** The agent the placement is recorded for (the first configured one using the folder). */
  readonly agent: string
  readonly skillsDir: string
  readonly method: PlaceMethod
  /**
   * Every configured agent that reads the skill from this folder, `agent` first: agents sharing a
   * primary folder, and agents that read the shared `.agents/skills` themselves.
   */
  readonly agents: readonly string[]
  /** For symlinks: the shared folder the links point into (`<linkTo>/<name>`). */
  readonly linkTo?: string
}

/**
 * The skills folders to fill for `agents`, one placement per folder. An agent that reads the shared
 * `.agents/skills` folder itself (a "universal" agent: Codex, and in a project Cursor, Copilot,
 * Gemini CLI, OpenCode) is served by the real folder there: a link in its own folder would only
 * show it the same skill twice. Agents that mishandle symlinks (Qoder, Claude Code) and copy mode
 * get real folders in their own folder; every other agent gets a relative symlink to the shared
 * folder, which is then added when no configured agent uses it. Real folders come first, so links
 * always point at finished skills.
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
  const byDir = new Map<string, { agent: string; method: PlaceMethod; agents: string[] }>()
  for (const id of agents) {
    const { dir, method } = agentFolder(id, { ...dirsOptions, shared, copy })
    if (dir === undefined) continue
    const existing = byDir.get(dir)
    if (existing === undefined) byDir.set(dir, { agent: id, method, agents: [id] })
    else if (!existing.agents.includes(id)) existing.agents.push(id)
  }
  const placements = [...byDir].map(
    ([skillsDir, p]): AgentPlacement =>
      p.method === 'symlink' ? { ...p, skillsDir, linkTo: shared } : { ...p, skillsDir },
  )
  if (placements.some((p) => p.method === 'symlink') && !byDir.has(shared)) {
    placements.push({ agent: 'generic', skillsDir: shared, method: 'folder', agents: ['generic'] })
  }
  return placements.sort((a, b) => (a.method === b.method ? 0 : a.method === 'folder' ? -1 : 1))
}

// The folder an agent reads its skills from in this install, and what goes there.
function agentFolder(
  id: string,
  context: AgentSkillDirsOptions & { readonly shared: string; readonly copy: boolean },
): { dir: string | undefined; method: PlaceMethod } {
  const agent = findAgent(id)
  const dirs = agentSkillDirs(agent, context)
  const dir = !agent.needsRealFolder && dirs.includes(context.shared) ? context.shared : dirs[0]
  const real = context.copy || agent.needsRealFolder || dir === context.shared
  return { dir, method: real ? 'folder' : 'symlink' }
}
