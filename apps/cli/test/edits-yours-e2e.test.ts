import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { RunningServer } from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../server/test/registry-harness.js'
import { cli, startTestRegistry } from './cli-harness.js'

// Issue 16, "your edits are yours": a placed skill is the project's own copy. Runs as whatever
// user the suite runs as; on this machine that is root, for whom read-only modes protect nothing,
// so only copies keep an edit in its project.
let server: RunningServer
let work: string
let home: string
let env: Record<string, string>
let projectA: string
let projectB: string

type Errors = { errors: { code: string; path?: string }[] }

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-edits-yours-'))
  const registry = await startTestRegistry(join(work, 'server'))
  server = registry.server
  await registry.client.publish(
    'pdf',
    await packTestSkill('pdf', '1.0.0', { 'scripts/run.py': 'print(1)\n' }),
  )
  home = join(work, 'home')
  env = {
    SKILLSHIP_HOME: join(home, '.skillship'),
    SKILLSHIP_REGISTRY: server.url,
    SKILLSHIP_STORE: join(work, 'store'),
  }
  projectA = join(work, 'a')
  projectB = join(work, 'b')
  for (const [dir, args] of [
    [projectA, ['--agent', 'qoder,windsurf']],
    [projectB, ['--agent', 'qoder,windsurf']],
    [home, ['--global', '--agent', 'qoder']],
  ] as const) {
    await mkdir(dir, { recursive: true })
    const run = await cli(['add', 'pdf@^1', ...args, '--skip-runtimes', '--json'], dir, {
      env,
      home,
    })
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
  }
})

afterAll(async () => {
  await server.close()
  await rm(work, { recursive: true, force: true })
})

// Every file below `dir` with its SHA-256, by relative path.
async function digests(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    found[relative(dir, path)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex')
  }
  return found
}

const run = (args: string[], cwd = projectA) => cli([...args, '--json'], cwd, { env, home })

// The skill's own files: the marker records each copy's inode and ctime, so it differs per copy.
async function skillFiles(dir: string): Promise<Record<string, string>> {
  const { '.skillship-placed.json': _marker, ...files } = await digests(dir)
  return files
}

describe('an edit to an installed skill', () => {
  const qoderA = () => join(projectA, '.qoder/skills/pdf')

  it('stays in its project: the other project, the global copy and the store are unchanged', async () => {
    const before = {
      b: await digests(join(projectB, '.qoder/skills/pdf')),
      shared: await digests(join(projectB, '.agents/skills/pdf')),
      global: await digests(join(home, '.qoder/skills/pdf')),
      store: await digests(join(work, 'store')),
    }
    await writeFile(join(qoderA(), 'SKILL.md'), 'my own instructions\n')
    // Through the link Windsurf reads (.windsurf/skills/pdf -> .agents/skills/pdf): this project's copy.
    await writeFile(join(projectA, '.windsurf/skills/pdf/scripts/run.py'), 'print(42)\n')
    expect(await readFile(join(projectA, '.agents/skills/pdf/scripts/run.py'), 'utf8')).toBe(
      'print(42)\n',
    )
    expect({
      b: await digests(join(projectB, '.qoder/skills/pdf')),
      shared: await digests(join(projectB, '.agents/skills/pdf')),
      global: await digests(join(home, '.qoder/skills/pdf')),
      store: await digests(join(work, 'store')),
    }).toEqual(before)
  })

  it('is listed as modified, in text and JSON, and reported by doctor', async () => {
    const listed = await run(['list'])
    const skills = listed.json<{ skills: { modified: { path: string; files: string[] }[] }[] }>()
      .skills
    expect(skills[0]?.modified).toEqual([
      { path: join(projectA, '.agents/skills/pdf'), files: ['scripts/run.py'] },
      { path: qoderA(), files: ['SKILL.md'] },
    ])
    const text = await cli(['list'], projectA, { env, home })
    expect(text.stdout).toContain('modified')
    const doctor = await run(['doctor'])
    const findings = doctor.json<{ findings: { check: string; status: string; path?: string }[] }>()
      .findings
    expect(findings.filter((f) => f.check === 'modified').map((f) => [f.status, f.path])).toEqual([
      ['warn', join(projectA, '.agents/skills/pdf')],
      ['warn', qoderA()],
    ])
    expect(
      (await run(['list'], projectB)).json<{ skills: { modified: [] }[] }>().skills[0]?.modified,
    ).toEqual([])
  })

  it.each([[['install', '--skip-runtimes']], [['install', '--frozen', '--skip-runtimes']]])(
    'makes %j refuse with INSTALL_LOCAL_CHANGES naming a file, touching nothing',
    async (args) => {
      const files = ['skillship.lock', 'skillship.json', '.skillship/installed.json']
      const before = await Promise.all(files.map((f) => readFile(join(projectA, f), 'utf8')))
      // With an empty store: the refusal comes before anything is fetched into it.
      const store = join(work, `store-${args.length}`)
      const refused = await cli([...args, '--json'], projectA, {
        env: { ...env, SKILLSHIP_STORE: store },
        home,
      })
      expect(refused.code).toBe(1)
      expect(existsSync(store)).toBe(false)
      const [error] = refused.json<Errors>().errors
      expect(error?.code).toBe('INSTALL_LOCAL_CHANGES')
      expect([
        join(projectA, '.agents/skills/pdf/scripts/run.py'),
        join(qoderA(), 'SKILL.md'),
      ]).toContain(error?.path)
      expect(await readFile(join(qoderA(), 'SKILL.md'), 'utf8')).toBe('my own instructions\n')
      expect(await Promise.all(files.map((f) => readFile(join(projectA, f), 'utf8')))).toEqual(
        before,
      )
    },
  )

  it('is restored by --force, after which a frozen install changes nothing', async () => {
    const forced = await run(['install', '--frozen', '--force', '--skip-runtimes'])
    expect(forced.code).toBe(0)
    expect(await skillFiles(qoderA())).toEqual(
      await skillFiles(join(projectB, '.qoder/skills/pdf')),
    )
    expect(await readFile(join(projectA, '.agents/skills/pdf/scripts/run.py'), 'utf8')).toBe(
      'print(1)\n',
    )
    expect(
      (await run(['list'])).json<{ skills: { modified: [] }[] }>().skills[0]?.modified,
    ).toEqual([])
    const again = await run(['install', '--frozen', '--skip-runtimes'])
    expect(again.json<{ changed: number }>().changed).toBe(0)
  })

  it('is found even when it keeps the size and the mtime is put back (frozen no-op path)', async () => {
    const script = join(qoderA(), 'scripts/run.py')
    await writeFile(script, 'print(7)\n')
    // The placement seal: 1980-01-01, the mtime skillship gives every placed file.
    await utimes(script, 315_532_800, 315_532_800)
    const refused = await run(['install', '--frozen', '--skip-runtimes'])
    expect(refused.json<Errors>().errors[0]).toMatchObject({
      code: 'INSTALL_LOCAL_CHANGES',
      path: script,
    })
  })
})

// INSTALL_LOCAL_CHANGES says "pass --force": every command that can raise it takes --force.
describe('the commands an edit stops', () => {
  it.each([
    [['update', 'pdf', '--skip-runtimes']],
    [['sync', '--skip-runtimes']],
    [['remove', 'pdf']],
  ])('%j refuses with INSTALL_LOCAL_CHANGES, and goes on with --force', async (args) => {
    const project = join(work, `stopped-${args[0]}`)
    await mkdir(project, { recursive: true })
    const added = await run(['add', 'pdf@^1', '--agent', 'qoder', '--skip-runtimes'], project)
    expect(added.code).toBe(0)
    const skillMd = join(project, '.qoder/skills/pdf/SKILL.md')
    await writeFile(skillMd, 'my own instructions\n')
    const refused = await run(args, project)
    expect(refused.json<Errors>().errors[0]?.code).toBe('INSTALL_LOCAL_CHANGES')
    const forced = await run([...args, '--force'], project)
    expect({ code: forced.code, errors: forced.json<Errors>().errors }).toEqual({
      code: 0,
      errors: [],
    })
    const after = existsSync(skillMd) ? await readFile(skillMd, 'utf8') : undefined
    expect(after).not.toBe('my own instructions\n')
  })
})

describe('a placed folder deleted by hand', () => {
  it('is listed as missing, in text and JSON, and put back by sync', async () => {
    const project = join(work, 'deleted')
    await mkdir(project, { recursive: true })
    expect(
      (await run(['add', 'pdf@^1', '--agent', 'qoder', '--skip-runtimes'], project)).code,
    ).toBe(0)
    const placed = join(project, '.qoder/skills/pdf')
    await rm(placed, { recursive: true })
    const listed = await run(['list'], project)
    expect(listed.json<{ skills: { missing: string[] }[] }>().skills[0]?.missing).toEqual([placed])
    expect((await cli(['list'], project, { env, home })).stdout).toContain(`missing: ${placed}`)
    expect((await run(['sync', '--skip-runtimes'], project)).code).toBe(0)
    expect(
      (await run(['list'], project)).json<{ skills: { missing: string[] }[] }>().skills[0]?.missing,
    ).toEqual([])
  })
})
