import { describe, expect, it } from 'vitest'
import { cli, scratch, validSkillMd } from '../../test/cli-harness.js'

describe('skillship publish --dry-run', () => {
  it('lints, packs and shows what would be sent, contacting no registry', async () => {
    const work = await scratch({
      'demo/SKILL.md': validSkillMd('demo'),
      'demo/scripts/run.py': 'print(1)\n',
    })
    try {
      // An unreachable registry proves nothing is sent: a real publish would fail with exit 3.
      const env = { SKILLSHIP_REGISTRY: 'http://127.0.0.1:9', SKILLSHIP_HOME: work.root }
      const run = await cli(
        ['publish', 'demo', '--version', '1.2.3', '--dry-run', '--json'],
        work.root,
        { env },
      )
      expect(run.code).toBe(0)
      expect(run.json()).toMatchObject({
        ok: true,
        dryRun: true,
        name: 'demo',
        version: '1.2.3',
        integrity: expect.stringMatching(/^sha512-/),
        files: [
          { path: 'SKILL.md', size: expect.any(Number) },
          { path: 'scripts/run.py', size: 9 },
        ],
      })
      const text = await cli(['publish', 'demo', '--version', '1.2.3', '--dry-run'], work.root, {
        env,
      })
      expect(text.stdout).toContain('would publish demo@1.2.3')
    } finally {
      await work.cleanup()
    }
  })

  it('says a folder without a version would be refused, and a skill with errors is not packed', async () => {
    const work = await scratch({
      'demo/SKILL.md': validSkillMd('demo'),
      'bad/SKILL.md': '---\nname: Bad\n---\n',
    })
    try {
      const env = { SKILLSHIP_HOME: work.root }
      const noVersion = await cli(['publish', 'demo', '--dry-run', '--json'], work.root, { env })
      expect(noVersion.code).toBe(1)
      expect(noVersion.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
        'REGISTRY_VERSION_INVALID',
      )
      const bad = await cli(['publish', 'bad', '--dry-run', '--json'], work.root, { env })
      expect(bad.code).toBe(1)
      expect(bad.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe('SKILL_INVALID')
    } finally {
      await work.cleanup()
    }
  })
})
