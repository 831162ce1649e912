import { isSkillshipError } from '@skillship/core/errors'
import { describe, expect, it } from 'vitest'
import { agentIds, agentsTable, agentsTableVersion, findAgent, userDirVariables } from './agents.js'

describe('agentsTable', () => {
  it('pins every record (version 3)', () => {
    expect(agentsTableVersion).toBe(3)
    expect(agentsTable).toEqual([
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
    ])
    expect(userDirVariables).toEqual({
      QODER_CONFIG_DIR: '~/.qoder',
      CLAUDE_CONFIG_DIR: '~/.claude',
      CODEX_HOME: '~/.codex',
      XDG_CONFIG_HOME: '~/.config',
    })
  })

  it('lists Qoder first and ids in table order', () => {
    expect(agentIds).toEqual([
      'qoder',
      'claude-code',
      'codex',
      'cursor',
      'copilot',
      'gemini',
      'windsurf',
      'opencode',
      'generic',
    ])
  })
})

describe('findAgent', () => {
  it('returns the record for a known id', () => {
    expect(findAgent('claude-code').needsRealFolder).toBe(true)
  })

  it.each(['', 'Qoder', 'claude', '../qoder'])('refuses %j with INSTALL_UNKNOWN_AGENT', (id) => {
    let caught: unknown
    try {
      findAgent(id)
    } catch (error) {
      caught = error
    }
    expect(isSkillshipError(caught) && caught.code).toBe('INSTALL_UNKNOWN_AGENT')
  })
})
