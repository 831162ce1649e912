import { isSkillshipError } from '@skillship/core/errors'
import { describe, expect, it } from 'vitest'
import { type AgentSkillDirsOptions, agentSkillDirs, detectAgents, findAgent } from './agents.js'

const base: AgentSkillDirsOptions = {
  scope: 'project',
  projectRoot: '/work/repo',
  home: '/home/ada',
  env: {},
}

describe('agentSkillDirs, project scope', () => {
  it.each([
    ['qoder', ['/work/repo/.qoder/skills', '/work/repo/.agents/skills']],
    ['claude-code', ['/work/repo/.claude/skills']],
    ['codex', ['/work/repo/.agents/skills']],
    ['cursor', ['/work/repo/.cursor/skills', '/work/repo/.agents/skills']],
    ['copilot', ['/work/repo/.github/skills', '/work/repo/.agents/skills']],
    ['gemini', ['/work/repo/.gemini/skills', '/work/repo/.agents/skills']],
    ['windsurf', ['/work/repo/.windsurf/skills']],
    [
      'opencode',
      ['/work/repo/.opencode/skills', '/work/repo/.agents/skills', '/work/repo/.claude/skills'],
    ],
    ['generic', ['/work/repo/.agents/skills']],
  ])('%s -> %j', (id, expected) => {
    expect(agentSkillDirs(findAgent(id), base)).toEqual(expected)
  })

  it('ignores user-scope variables', () => {
    const env = { QODER_CONFIG_DIR: '/etc/qoder' }
    expect(agentSkillDirs(findAgent('qoder'), { ...base, env })[0]).toBe('/work/repo/.qoder/skills')
  })
})

describe('agentSkillDirs, user scope without overrides', () => {
  it.each([
    ['qoder', ['/home/ada/.qoder/skills']],
    ['claude-code', ['/home/ada/.claude/skills']],
    ['codex', ['/home/ada/.agents/skills', '/home/ada/.codex/skills']],
    ['cursor', ['/home/ada/.cursor/skills']],
    ['copilot', ['/home/ada/.copilot/skills']],
    ['gemini', ['/home/ada/.gemini/skills']],
    ['windsurf', ['/home/ada/.codeium/windsurf/skills']],
    ['opencode', ['/home/ada/.config/opencode/skills']],
    ['generic', ['/home/ada/.agents/skills']],
  ])('%s -> %j', (id, expected) => {
    expect(agentSkillDirs(findAgent(id), { ...base, scope: 'user' })).toEqual(expected)
  })
})

describe('agentSkillDirs, user scope with overrides', () => {
  it.each([
    ['qoder', { QODER_CONFIG_DIR: '/cfg/qoder' }, ['/cfg/qoder/skills']],
    ['claude-code', { CLAUDE_CONFIG_DIR: '/cfg/claude/' }, ['/cfg/claude/skills']],
    ['codex', { CODEX_HOME: '/cfg/codex' }, ['/home/ada/.agents/skills', '/cfg/codex/skills']],
    ['opencode', { XDG_CONFIG_HOME: '/xdg' }, ['/xdg/opencode/skills']],
    ['qoder', { QODER_CONFIG_DIR: '' }, ['/home/ada/.qoder/skills']],
    ['claude-code', { QODER_CONFIG_DIR: '/cfg/qoder' }, ['/home/ada/.claude/skills']],
  ])('%s with %j -> %j', (id, env, expected) => {
    expect(agentSkillDirs(findAgent(id), { ...base, scope: 'user', env })).toEqual(expected)
  })

  it('lists a folder once when an override points at the primary one', () => {
    const env = { CODEX_HOME: '/home/ada/.agents' }
    expect(agentSkillDirs(findAgent('codex'), { ...base, scope: 'user', env })).toEqual([
      '/home/ada/.agents/skills',
    ])
  })

  it('refuses a relative override with INSTALL_LINK_FAILED', () => {
    let caught: unknown
    try {
      agentSkillDirs(findAgent('claude-code'), {
        ...base,
        scope: 'user',
        env: { CLAUDE_CONFIG_DIR: 'relative/claude' },
      })
    } catch (error) {
      caught = error
    }
    expect(isSkillshipError(caught) && caught.code).toBe('INSTALL_LINK_FAILED')
  })
})

describe('detectAgents', () => {
  it('finds agents by their folders in the project and the home folder, in table order', async () => {
    const { mkdtemp, mkdir, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const root = await mkdtemp(join(tmpdir(), 'skillship-detect-'))
    try {
      const project = join(root, 'repo')
      const home = join(root, 'home')
      for (const dir of ['repo/.cursor', 'repo/.claude', 'repo/.github', 'home/.gemini'])
        await mkdir(join(root, dir), { recursive: true })
      const options = { scope: 'project' as const, projectRoot: project, home, env: {} }
      expect(detectAgents(options)).toEqual([
        { id: 'claude-code', evidence: join(project, '.claude') },
        { id: 'cursor', evidence: join(project, '.cursor') },
        { id: 'gemini', evidence: join(home, '.gemini') },
      ])
      // The user scope looks at the home folder only; a relative override counts as unset.
      await mkdir(join(home, '.claude'))
      expect(
        detectAgents({ ...options, scope: 'user', env: { CLAUDE_CONFIG_DIR: 'rel' } }).map(
          (agent) => agent.id,
        ),
      ).toEqual(['claude-code', 'gemini'])
      expect(
        detectAgents({ ...options, projectRoot: join(root, 'empty'), home: join(root, 'none') }),
      ).toEqual([])
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
