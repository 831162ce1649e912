import { existsSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallerOptions } from '../project/project.js'
import type { AgentTarget, PlaceMethod } from './agent-target.js'

/**
 * Bumped whenever a record below changes, so reports and bug templates can say which table a
 * build used. The folders churn between agent releases (domain.md §2); change data here, never add
 * per-agent branches in code.
 */
export const agentsTableVersion = 3

/**
 * The variables `userDirs` entries may start with, and the folder each stands for when it is unset
 * or empty (the agents' own defaults).
 */
export const userDirVariables: Readonly<Record<string, string>> = {
  QODER_CONFIG_DIR: '~/.qoder',
  CLAUDE_CONFIG_DIR: '~/.claude',
  CODEX_HOME: '~/.codex',
  XDG_CONFIG_HOME: '~/.config',
}

/** Every agent skillship installs for, Qoder first. Sources: research/spec.md §2. */
export const agentsTable: readonly AgentTarget[] = [
  {
    id: 'qoder',
    label: 'Qoder',
    projectDirs: ['.qoder/skills', '.agents/skills'],
    userDirs: ['$QODER_CONFIG_DIR/skills'],
    needsRealFolder: true,
    detectDirs: ['.qoder', '$QODER_CONFIG_DIR'],
  },
  {
    id: 'claude-code',
    label: 'Claude Code',
    projectDirs: ['.claude/skills'],
    userDirs: ['$CLAUDE_CONFIG_DIR/skills'],
    // Symlinked skill folders were skipped by several releases (claude-code #38051, #37435, #14836).
    needsRealFolder: true,
    detectDirs: ['.claude', '$CLAUDE_CONFIG_DIR'],
  },
  {
    id: 'codex',
    label: 'Codex',
    projectDirs: ['.agents/skills'],
    userDirs: ['~/.agents/skills', '$CODEX_HOME/skills'],
    needsRealFolder: false,
    detectDirs: ['.codex', '$CODEX_HOME'],
  },
  {
    id: 'cursor',
    label: 'Cursor',
    projectDirs: ['.cursor/skills', '.agents/skills'],
    userDirs: ['~/.cursor/skills'],
    needsRealFolder: false,
    detectDirs: ['.cursor', '~/.cursor'],
  },
  {
    id: 'copilot',
    label: 'GitHub Copilot',
    projectDirs: ['.github/skills', '.agents/skills'],
    userDirs: ['~/.copilot/skills'],
    needsRealFolder: false,
    detectDirs: ['.github/skills', '~/.copilot'],
  },
  {
    id: 'gemini',
    label: 'Gemini CLI',
    projectDirs: ['.gemini/skills', '.agents/skills'],
    userDirs: ['~/.gemini/skills'],
    needsRealFolder: false,
    detectDirs: ['.gemini', '~/.gemini'],
  },
  {
    id: 'windsurf',
    label: 'Windsurf',
    projectDirs: ['.windsurf/skills'],
    userDirs: ['~/.codeium/windsurf/skills'],
    needsRealFolder: false,
    detectDirs: ['.windsurf', '~/.codeium/windsurf'],
  },
  {
    id: 'opencode',
    label: 'OpenCode',
    projectDirs: ['.opencode/skills', '.agents/skills', '.claude/skills'],
    userDirs: ['$XDG_CONFIG_HOME/opencode/skills'],
    needsRealFolder: false,
    detectDirs: ['.opencode', '$XDG_CONFIG_HOME/opencode'],
  },
  {
    id: 'generic',
    label: 'Generic (.agents/skills)',
    projectDirs: ['.agents/skills'],
    userDirs: ['~/.agents/skills'],
    needsRealFolder: false,
    detectDirs: [],
  },
]

/** The ids of `agentsTable`, in table order. */
export const agentIds: readonly string[] = agentsTable.map((agent) => agent.id)

/** The record for `id`; throws INSTALL_UNKNOWN_AGENT (listing the known ids) for any other id. */
export function findAgent(id: string): AgentTarget {
  const agent = agentsTable.find((candidate) => candidate.id === id)
  if (agent !== undefined) return agent
  throw new SkillshipError(InstallErrorCode.UnknownAgent, `Unknown agent "${id}".`, {
    hint: `Known agents: ${agentIds.join(', ')}.`,
  })
}

/** Which skills folders: the project's own or the user's (global) ones. */
export type InstallScope = 'project' | 'user'

/** What `agentSkillDirs` needs; passed in so the library never reads the process environment. */
export interface AgentSkillDirsOptions {
  readonly scope: InstallScope
  /** Absolute project root (used for the project scope). */
  readonly projectRoot: string
  /** Absolute home folder (used for the user scope and `~`). */
  readonly home: string
  readonly env: Readonly<Record<string, string | undefined>>
}

// `~/rest` or `$VAR/rest`: the grammar of AgentTarget.userDirs.
const homeEntry = /^~(?:\/(.*))?$/
const envEntry = /^\$([A-Z_][A-Z0-9_]*)(?:\/(.*))?$/

/**
 * The absolute skills folders of `agent` for `scope`, primary (the install target) first, without
 * duplicates. Throws INSTALL_LINK_FAILED when an override variable (e.g. `CLAUDE_CONFIG_DIR`) holds
 * a relative path, since the agent would resolve it against a working folder we cannot know.
 */
export function agentSkillDirs(agent: AgentTarget, options: AgentSkillDirsOptions): string[] {
  if (!isAbsolute(options.projectRoot) || !isAbsolute(options.home)) {
    throw new Error('agentSkillDirs needs an absolute projectRoot and home')
  }
  const dirs =
    options.scope === 'project'
      ? agent.projectDirs.map((dir) => resolve(options.projectRoot, dir))
      : agent.userDirs.map((dir) => expandUserDir(dir, options))
  return [...new Set(dirs)]
}

/** An agent found in use here, and the folder that gave it away. */
export interface DetectedAgent {
  readonly id: string
  readonly evidence: string
}

/**
 * The agents whose `detectDirs` exist: for the project scope, config folders in the project and
 * the agents' user folders; for the user scope, the user folders only. Table order. A relative
 * override variable (CLAUDE_CONFIG_DIR=rel) counts as unset here rather than failing detection.
 */
export function detectAgents(options: AgentSkillDirsOptions): DetectedAgent[] {
  const found: DetectedAgent[] = []
  for (const agent of agentsTable) {
    for (const entry of agent.detectDirs) {
      const inHome = homeEntry.test(entry) || envEntry.test(entry)
      if (!inHome && options.scope === 'user') continue
      const path = inHome
        ? expandUserDir(entry, { ...options, env: absoluteOnly(options.env) })
        : resolve(options.projectRoot, entry)
      if (!existsSync(path)) continue
      found.push({ id: agent.id, evidence: path })
      break
    }
  }
  return found
}

function absoluteOnly(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const kept: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(env))
    if (value && isAbsolute(value)) kept[name] = value
  return kept
}

/**
 * Every agent's skills folders for `options.scope` (absolute, resolved): the only folders a state
 * file of that scope may name skills in. A project's are all below its root; the user's below the
 * home folder or the agents' override variables.
 */
export function allAgentSkillDirs(options: AgentSkillDirsOptions): Set<string> {
  return new Set(agentsTable.flatMap((agent) => agentSkillDirs(agent, options)))
}

function expandUserDir(entry: string, options: AgentSkillDirsOptions): string {
  const home = homeEntry.exec(entry)
  if (home !== null) return resolve(options.home, home[1] ?? '')
  const env = envEntry.exec(entry)
  const fallback = env?.[1] === undefined ? undefined : userDirVariables[env[1]]
  if (env?.[1] === undefined || fallback === undefined) {
    throw new Error(`Malformed user folder in the agents table: ${entry}`)
  }
  const rest = env[2] ?? ''
  const value = options.env[env[1]]
  if (value === undefined || value === '') return join(expandUserDir(fallback, options), rest)
  if (!isAbsolute(value)) {
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `${env[1]} is a relative path (${value}); skills folders must be absolute.`,
      { hint: `Set ${env[1]} to an absolute path, or unset it.`, path: value },
    )
  }
  return resolve(join(value, rest))
}

// One path segment that is the same on every filesystem: no separators, dots, case or Unicode
// variants that could collide or climb out of the skills folder.
const safeName = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const maxNameLength = 64

/** True when `name` can be used as a folder name inside a skills folder as is. */
export function isSafeSkillName(name: string): boolean {
  return name.length <= maxNameLength && safeName.test(name)
}

/**
 * Throws INSTALL_LINK_FAILED unless `name` is one safe path segment (lowercase ASCII letters,
 * digits, single inner hyphens, at most 64 characters). A skill's name comes from untrusted
 * frontmatter, and a peer installer wrote outside the project by using it as a path.
 */
export function assertSafeSkillName(name: string): void {
  if (isSafeSkillName(name)) return
  throw new SkillshipError(
    InstallErrorCode.LinkFailed,
    `Refusing to use ${JSON.stringify(name)} as a skill folder name.`,
    {
      hint: 'A skill folder name must be lowercase letters, digits and single hyphens (at most 64).',
      path: name,
    },
  )
}

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
