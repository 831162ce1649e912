import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, scratch, validSkillMd } from './cli-harness.js'

// `--force` lets a skill that only breaks the spec's letter through, with a warning; never a
// refusal that protects the user (here: a skill served under another skill's name).
const longDescription = `---\nname: wordy\ndescription: "${'x'.repeat(1_100)}"\n---\n# wordy\n\nSteps.\n`

async function project() {
  const work = await scratch({
    'wordy/SKILL.md': longDescription,
    'demo/SKILL.md': validSkillMd('demo'),
    'Bad_Name/SKILL.md': validSkillMd('Bad_Name'),
    'project/.keep': '',
  })
  const env = {
    SKILLSHIP_HOME: join(work.root, 'sk'),
    SKILLSHIP_STORE: join(work.root, 'store'),
  }
  return { work, env, dir: join(work.root, 'project') }
}

describe('add --force', () => {
  it('refuses a 1,100-character description without --force, with its code', async () => {
    const { work, env, dir } = await project()
    try {
      const spec = `file:${join(work.root, 'wordy')}`
      const run = await cli(['add', spec, '--agent', 'claude-code', '--json'], dir, { env })
      expect(run.code).toBe(1)
      expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
        'INSTALL_INVALID_SKILL',
      )
      await expect(readFile(join(dir, 'skillship.json'), 'utf8')).rejects.toThrow()
    } finally {
      await work.cleanup()
    }
  })

  it('installs it with --force, with a warning naming the violation', async () => {
    const { work, env, dir } = await project()
    try {
      const spec = `file:${join(work.root, 'wordy')}`
      const args = ['add', spec, '--agent', 'claude-code', '--force', '--json']
      const run = await cli(args, dir, { env })
      expect(run.code).toBe(0)
      const warnings = run.json<{ warnings: string[] }>().warnings
      expect(warnings.some((w) => w.includes('SKILL_DESCRIPTION_TOO_LONG'))).toBe(true)
      await expect(readFile(join(dir, '.claude/skills/wordy/SKILL.md'), 'utf8')).resolves.toContain(
        'name: wordy',
      )
    } finally {
      await work.cleanup()
    }
  })

  it('keeps refusing a skill served under another name with --force', async () => {
    const { work, env, dir } = await project()
    try {
      const manifest = {
        agents: ['claude-code'],
        skills: { other: `file:${join(work.root, 'demo')}` },
      }
      await writeFile(join(dir, 'skillship.json'), JSON.stringify(manifest))
      const run = await cli(['install', '--force', '--json'], dir, { env })
      expect(run.code).not.toBe(0)
      expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
        'INSTALL_NAME_MISMATCH',
      )
    } finally {
      await work.cleanup()
    }
  })

  it('keeps refusing a name that is not a safe lowercase folder name with --force', async () => {
    const { work, env, dir } = await project()
    try {
      const spec = `file:${join(work.root, 'Bad_Name')}`
      const args = ['add', spec, '--agent', 'claude-code', '--force', '--json']
      const run = await cli(args, dir, { env })
      expect(run.code).toBe(1)
      expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
        'INSTALL_INVALID_SKILL',
      )
      await expect(readFile(join(dir, 'skillship.json'), 'utf8')).rejects.toThrow()
    } finally {
      await work.cleanup()
    }
  })
})
