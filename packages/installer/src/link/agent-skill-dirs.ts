import { existsSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { AgentTarget } from './agent-target.js'
import { agentsTable, userDirVariables } from './agents-table.js'

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
