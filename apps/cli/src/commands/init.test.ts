import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { lintPath } from '@skillship/core/node'
import { afterEach, describe, expect, it } from 'vitest'
import { cli, scratch } from '../../test/cli-harness.js'

let cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()))
  cleanups = []
})

async function folder() {
  const dir = await scratch({})
  cleanups.push(dir.cleanup)
  return dir.root
}

type InitJson = { name: string; path: string; files: string[]; errors: { code: string }[] }

describe('skillship init', () => {
  it.each([
    [[], ['SKILL.md']],
    [
      ['--script', 'python'],
      ['SKILL.md', 'scripts/main.py', 'scripts/requirements.txt'],
    ],
    [
      ['--script', 'node'],
      ['SKILL.md', 'scripts/main.mjs', 'scripts/package.json'],
    ],
  ])('%j creates a skill that lints clean under the strict profile', async (extra, files) => {
    const root = await folder()
    const run = await cli(['init', 'pdf-tools', ...extra, '--json'], root)
    expect(run.code).toBe(0)
    expect(run.json<InitJson>()).toMatchObject({ name: 'pdf-tools', files })
    const [report] = await lintPath(join(root, 'pdf-tools'), { target: 'strict' })
    expect(report?.issues).toEqual([])
    const skillMd = await readFile(join(root, 'pdf-tools', 'SKILL.md'), 'utf8')
    for (const script of files.filter((f) => f.includes('main.'))) {
      expect(skillMd).toContain(`skillship run pdf-tools ${script}`)
    }
  })

  it('refuses an existing folder with CLI_INIT_EXISTS and leaves it untouched', async () => {
    const root = await folder()
    await mkdir(join(root, 'pdf-tools'))
    await writeFile(join(root, 'pdf-tools', 'notes.txt'), 'mine\n')
    const run = await cli(['init', 'pdf-tools', '--json'], root)
    expect(run.code).toBe(1)
    expect(run.json<InitJson>().errors[0]?.code).toBe('CLI_INIT_EXISTS')
    expect(await readdir(join(root, 'pdf-tools'))).toEqual(['notes.txt'])
  })

  it.each([['Bad_Name'], ['-x'], ['a--b'], ['../escape'], ['a'.repeat(65)]])(
    'refuses the name %j as usage, writing nothing',
    async (name) => {
      const root = await folder()
      const run = await cli(['init', name, '--json'], root)
      expect(run.code).toBe(2)
      expect(await readdir(root)).toEqual([])
    },
  )

  it('refuses an unknown --script as usage', async () => {
    const root = await folder()
    expect((await cli(['init', 'ok', '--script', 'ruby'], root)).code).toBe(2)
    expect(await readdir(root)).toEqual([])
  })
})
