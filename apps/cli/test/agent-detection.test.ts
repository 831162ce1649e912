import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, scratch, validSkillMd } from './cli-harness.js'

// `add` without --agent serves the agents found in use and writes them into skillship.json.
describe('agent detection on add', () => {
  it('serves the agents whose folders are present, and records them for install --frozen', async () => {
    const work = await scratch({ 'demo/SKILL.md': validSkillMd('demo') })
    try {
      const project = join(work.root, 'project')
      const home = join(work.root, 'home')
      await mkdir(join(project, '.claude'), { recursive: true })
      await mkdir(join(project, '.cursor'), { recursive: true })
      await mkdir(home)
      const env = {
        SKILLSHIP_HOME: join(work.root, 'sk'),
        SKILLSHIP_STORE: join(work.root, 'store'),
      }
      const run = await cli(['add', `file:${join(work.root, 'demo')}`, '--json'], project, {
        env,
        home,
      })
      expect(run.code).toBe(0)
      expect(run.json()).toMatchObject({
        detectedAgents: [
          { id: 'claude-code', evidence: join(project, '.claude') },
          { id: 'cursor', evidence: join(project, '.cursor') },
        ],
      })
      const manifest = JSON.parse(await readFile(join(project, 'skillship.json'), 'utf8'))
      expect(manifest.agents).toEqual(['claude-code', 'cursor'])
      await expect(
        readFile(join(project, '.claude/skills/demo/SKILL.md'), 'utf8'),
      ).resolves.toContain('demo')
      const text = await cli(['add', `file:${join(work.root, 'demo')}`], join(work.root, 'bare'), {
        env,
        home,
      })
      expect(text.stdout).toContain('no agent folder found')
    } finally {
      await work.cleanup()
    }
  })

  it("--agent '*' serves every agent in the table", async () => {
    const work = await scratch({ 'demo/SKILL.md': validSkillMd('demo') })
    try {
      const project = join(work.root, 'project')
      await mkdir(project)
      const env = {
        SKILLSHIP_HOME: join(work.root, 'sk'),
        SKILLSHIP_STORE: join(work.root, 'store'),
      }
      const run = await cli(
        ['add', `file:${join(work.root, 'demo')}`, '--agent', '*', '--json'],
        project,
        {
          env,
          home: join(work.root, 'home'),
        },
      )
      expect(run.code).toBe(0)
      const manifest = JSON.parse(await readFile(join(project, 'skillship.json'), 'utf8'))
      expect(manifest.agents).toEqual([
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
    } finally {
      await work.cleanup()
    }
  })
})
