import { rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cli, scratch, validSkillMd } from '../../test/cli-harness.js'

let cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()))
  cleanups = []
})

/** A project with the local skill `demo` installed for Claude Code (a real folder). */
async function installedProject() {
  const dir = await scratch({ 'src/demo/SKILL.md': validSkillMd('demo') })
  cleanups.push(dir.cleanup)
  const env = { SKILLSHIP_HOME: join(dir.root, 'home'), PATH: join(dir.root, 'no-bin') }
  const added = await cli(
    ['add', './src/demo', '--agent', 'claude-code', '--skip-runtimes', '--json'],
    dir.root,
    { env, home: dir.root },
  )
  expect(added.code).toBe(0)
  return { root: dir.root, env }
}

type ReadJson = { name: string; path: string; content: string; errors: { code: string }[] }

describe('skillship read', () => {
  it("prints an installed skill's SKILL.md exactly, and its folder with --json", async () => {
    const { root, env } = await installedProject()
    const text = await cli(['read', 'demo'], root, { env, home: root })
    expect(text.code).toBe(0)
    expect(text.stdout).toBe(validSkillMd('demo'))
    const json = await cli(['read', 'demo', '--json'], root, { env, home: root })
    expect(json.json<ReadJson>()).toMatchObject({ name: 'demo', content: validSkillMd('demo') })
    expect(json.json<ReadJson>().path).toBe(join(root, '.claude', 'skills', 'demo'))
  })

  it('exits 4 with RUNTIME_SKILL_NOT_INSTALLED for a skill that is not installed', async () => {
    const { root, env } = await installedProject()
    const run = await cli(['read', 'other', '--json'], root, { env, home: root })
    expect(run.code).toBe(4)
    expect(run.json<ReadJson>().errors[0]?.code).toBe('RUNTIME_SKILL_NOT_INSTALLED')
  })

  it('does not follow a SKILL.md swapped for a link to another file', async () => {
    const { root, env } = await installedProject()
    const placed = join(root, '.claude', 'skills', 'demo', 'SKILL.md')
    await rm(placed, { force: true })
    await symlink('/etc/passwd', placed)
    const run = await cli(['read', 'demo', '--json'], root, { env, home: root })
    expect(run.code).toBe(4)
    expect(run.stdout).not.toContain('root:')
  })

  it('refuses a missing or extra name as usage', async () => {
    const { root, env } = await installedProject()
    expect((await cli(['read'], root, { env, home: root })).code).toBe(2)
    expect((await cli(['read', 'a', 'b'], root, { env, home: root })).code).toBe(2)
  })
})
