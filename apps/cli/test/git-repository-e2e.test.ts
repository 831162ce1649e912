import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GitTestRepo } from '../../../packages/installer/test/sources/git-test-repo.js'
import {
  initSkillsRepo,
  skillsRepoNames,
} from '../../../packages/installer/test/sources/skills-repo.js'
import { cli, scratch } from './cli-harness.js'

interface Lock {
  skills: Record<
    string,
    { version: string; source: { url: string; commit: string; subpath?: string } }
  >
}
interface Failure {
  errors: { code: string }[]
}

// A repository shaped like the public skills repositories, served as `acme/skills` by pointing
// the GitHub base at a local folder: owner/repo and github.com URLs reach it as they would GitHub.
describe('skills from a git repository, by shorthand', () => {
  let work: Awaited<ReturnType<typeof scratch>>
  let repo: GitTestRepo
  let env: Record<string, string>
  let url: string

  beforeAll(async () => {
    work = await scratch({ 'project/.keep': '' })
    const hosts = join(work.root, 'hosts', 'github')
    repo = await initSkillsRepo(join(hosts, 'acme', 'skills'))
    url = `${pathToFileURL(hosts).href}/acme/skills`
    env = {
      SKILLSHIP_HOME: join(work.root, 'sk'),
      SKILLSHIP_STORE: join(work.root, 'store'),
      SKILLSHIP_GITHUB_BASE: pathToFileURL(hosts).href,
    }
  })

  afterAll(async () => {
    await work.cleanup()
  })

  const project = (name: string) => {
    const dir = join(work.root, name)
    return {
      dir,
      run: async (args: string[]) => {
        await mkdir(dir, { recursive: true })
        return cli([...args, '--json'], dir, { env })
      },
      manifest: async () =>
        JSON.parse(await readFile(join(dir, 'skillship.json'), 'utf8')) as {
          skills: Record<string, string>
        },
      lock: async () => JSON.parse(await readFile(join(dir, 'skillship.lock'), 'utf8')) as Lock,
    }
  }

  it('lists the skills of owner/repo with name, description, path and version', async () => {
    const { run, dir } = project('list')
    const listed = await run(['add', 'acme/skills', '--list'])
    expect(listed.code).toBe(0)
    const [found] = listed.json<{
      repositories: { commit: string; skills: Record<string, string>[] }[]
    }>().repositories
    expect(found?.commit).toBe(repo.git('rev-parse', 'HEAD'))
    expect(found?.skills.map((skill) => skill['name'])).toEqual(skillsRepoNames)
    expect(found?.skills[1]).toMatchObject({
      name: 'alpha',
      path: 'skills/alpha',
      version: '1.2.0',
      description: 'Test skill alpha for installer tests.',
    })
    await expect(readFile(join(dir, 'skillship.json'))).rejects.toThrow()
  })

  it('refuses a repository of several skills without --skill, and an unknown --skill', async () => {
    const { run, dir } = project('refused')
    const several = await run(['add', 'acme/skills', '--agent', 'claude-code'])
    expect([several.code, several.json<Failure>().errors[0]?.code]).toEqual([
      2,
      'INSTALL_GIT_MULTIPLE_SKILLS',
    ])
    const unknown = await run(['add', 'acme/skills', '--skill', 'nope', '--agent', 'claude-code'])
    expect([unknown.code, unknown.json<Failure>().errors[0]?.code]).toEqual([
      4,
      'INSTALL_GIT_SKILL_NOT_FOUND',
    ])
    await expect(readFile(join(dir, 'skillship.json'))).rejects.toThrow()
  })

  it('refuses owner/repo that is also a folder here as ambiguous', async () => {
    const { run, dir } = project('ambiguous')
    await mkdir(join(dir, 'acme', 'skills'), { recursive: true })
    const ambiguous = await run(['add', 'acme/skills', '--skill', 'alpha'])
    expect([ambiguous.code, ambiguous.json<Failure>().errors[0]?.code]).toEqual([
      2,
      'INSTALL_SPEC_AMBIGUOUS',
    ])
    const explicit = await run([
      'add',
      'github:acme/skills',
      '--skill',
      'alpha',
      '--agent',
      'claude-code',
    ])
    expect(explicit.code).toBe(0)
  })

  it('installs picked skills, each pinned to the commit, and follows the branch with outdated and update', async () => {
    const { run, dir, manifest, lock } = project('picked')
    const head = repo.git('rev-parse', 'HEAD')
    const added = await run([
      'add',
      'acme/skills',
      '--skill',
      'alpha',
      'beta',
      '--agent',
      'claude-code',
    ])
    expect(added.code).toBe(0)
    expect((await manifest()).skills).toEqual({
      alpha: `git+${url}#path=skills/alpha`,
      beta: `git+${url}#path=skills/beta`,
    })
    const locked = (await lock()).skills
    expect(locked['alpha']).toMatchObject({
      version: '1.2.0',
      source: { url, commit: head, subpath: 'skills/alpha' },
    })
    expect(locked['beta']?.version).toBe(`0.0.0-20250101-${head.slice(0, 12)}`)
    await expect(readFile(join(dir, '.claude/skills/beta/SKILL.md'), 'utf8')).resolves.toContain(
      'name: beta',
    )
    // Without a TTY, one line per git step.
    expect(added.stderr).toMatch(/fetch file:\/\/\S+acme\/skills: git ls-remote HEAD\n/)

    expect((await run(['outdated'])).json<{ outdated: unknown[] }>().outdated).toEqual([])
    await writeFile(join(repo.path, 'skills', 'beta', 'notes.md'), 'More.\n')
    const moved = repo.commit('beta notes')
    const outdated = (await run(['outdated'])).json<{ outdated: Record<string, unknown>[] }>()
      .outdated
    expect(outdated.map((row) => [row['name'], row['git']])).toEqual([
      ['alpha', { ref: 'HEAD', commit: head, latestCommit: moved }],
      ['beta', { ref: 'HEAD', commit: head, latestCommit: moved }],
    ])
    expect((await run(['update', 'beta'])).code).toBe(0)
    expect((await lock()).skills['beta']).toMatchObject({
      version: `0.0.0-20250101-${moved.slice(0, 12)}`,
      source: { commit: moved },
    })
    expect((await run(['install', '--frozen'])).code).toBe(0)
  })

  it('takes a /tree/<ref>/<path> URL of github.com, and --skill * for every skill', async () => {
    const { run, manifest } = project('tree')
    const tree = 'https://github.com/acme/skills/tree/main/.claude/skills/gamma'
    expect((await run(['add', tree, '--agent', 'claude-code'])).code).toBe(0)
    expect((await manifest()).skills).toEqual({
      gamma: `git+${url}#main&path=.claude/skills/gamma`,
    })
    expect((await run(['add', 'acme/skills', '--skill', '*'])).code).toBe(0)
    expect(Object.keys((await manifest()).skills).sort()).toEqual([...skillsRepoNames].sort())
  })
})
