import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { AgentTarget } from './agent-target.js'

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
