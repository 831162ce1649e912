import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeOf, tempPrefix } from '../../test/sources/expect-code.js'
import { initGitTestRepo } from '../../test/sources/git-test-repo.js'
import {
  initSkillsRepo,
  skillsRepoNames,
  writeMarketplace,
} from '../../test/sources/skills-repo.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallProgress } from '../project/project.js'
import { gitPseudoVersion } from './git-pseudo-version.js'
import { createGitSource } from './git-source.js'

const spec = (url: string, subpath?: string) =>
  ({ kind: 'git', url, ref: undefined, subpath }) as const

describe('git discovery', () => {
  let work: string
  let url: string
  let head: string

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), tempPrefix))
    const repo = await initSkillsRepo(join(work, 'repo'))
    url = repo.url
    head = repo.git('rev-parse', 'HEAD')
  })

  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  it('finds the root skill, skills/*, .claude/skills/* and the plugin manifest skills', async () => {
    const found = await createGitSource().discover?.(spec(url))
    expect(found?.commit).toBe(head)
    expect(found?.skills.map((skill) => [skill.name, skill.path])).toEqual([
      ['root-skill', '.'],
      ['alpha', 'skills/alpha'],
      ['beta', 'skills/beta'],
      ['gamma', '.claude/skills/gamma'],
      ['delta', 'plugins/tools/skills/delta'],
      ['epsilon', 'extra/epsilon'],
    ])
    expect(found?.skills.map((skill) => skill.name)).toEqual(skillsRepoNames)
    expect(found?.skills[1]).toMatchObject({
      version: '1.2.0',
      description: 'Test skill alpha for installer tests.',
    })
    // No metadata.version: the commit's date (2025-01-01, fixed by the test repo) and sha12.
    expect(found?.skills[2]?.version).toBe(`0.0.0-20250101-${head.slice(0, 12)}`)
  })

  it('answers the resolve of a discovered skill from the same checkout', async () => {
    const steps: InstallProgress[] = []
    const source = createGitSource({ onProgress: (progress) => steps.push(progress) })
    await source.discover?.(spec(url))
    const fetches = steps.filter((step) => step.detail?.startsWith('git fetch')).length
    const resolved = await source.resolve(spec(url, 'skills/beta'))
    expect(resolved).toMatchObject({
      name: 'beta',
      source: { commit: head, subpath: 'skills/beta' },
    })
    expect(steps.filter((step) => step.detail?.startsWith('git fetch')).length).toBe(fetches)
    // The lockfile's later fetch of that commit packs the same bytes from a fresh checkout.
    const fetched = await createGitSource().fetch(resolved.source)
    expect(fetched.integrity).toBe(resolved.integrity)
  })

  it('reports a folder that is not a valid skill instead of failing the listing', async () => {
    const path = join(work, 'broken')
    const repo = initGitTestRepo(await mkdirp(path))
    await writeTestSkill(join(path, 'skills'), 'fine')
    await writeTestSkill(join(path, 'skills'), 'broken', { frontmatter: 'name: Not Valid\n' })
    repo.commit('two')
    const found = await createGitSource().discover?.(spec(repo.url))
    expect(found?.skills.map((skill) => [skill.name, skill.error])).toEqual([
      ['broken', InstallErrorCode.InvalidSkill],
      ['fine', undefined],
    ])
  })
})

describe('git discovery of hostile repositories', () => {
  let work: string
  let outside: string

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), tempPrefix))
    outside = join(work, 'outside')
    await writeTestSkill(outside, 'stolen')
  })

  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  async function repoWith(name: string, write: (path: string) => Promise<void>): Promise<string> {
    const path = join(work, name)
    const repo = initGitTestRepo(await mkdirp(path))
    await writeTestSkill(join(path, 'skills'), 'fine')
    await write(path)
    repo.commit(name)
    return repo.url
  }

  it.each([
    ['a plugin source leaving the repository', [{ name: 'p', source: '../outside' }]],
    [
      'a plugin skills path leaving the repository',
      [{ name: 'p', source: './', skills: ['../outside/stolen'] }],
    ],
    ['an absolute skills path', [{ name: 'p', source: './', skills: ['/etc'] }]],
  ])('refuses %s with INSTALL_GIT_UNSAFE_PATH', async (name, plugins) => {
    const url = await repoWith(name.replaceAll(' ', '-'), (path) => writeMarketplace(path, plugins))
    expect(await codeOf(discover(url))).toBe(InstallErrorCode.GitUnsafePath)
  })

  it('refuses a skills folder that is a symlink out of the repository', async () => {
    const url = await repoWith('symlinked-agents', async (path) => {
      await mkdir(join(path, '.agents'))
      await symlink(outside, join(path, '.agents', 'skills'))
    })
    expect(await codeOf(discover(url))).toBe(InstallErrorCode.GitUnsafePath)
  })

  it('refuses a skill folder that is a symlink out of the repository', async () => {
    const url = await repoWith('symlinked-skill', (path) =>
      symlink(join(outside, 'stolen'), join(path, 'skills', 'stolen')),
    )
    expect(await codeOf(discover(url))).toBe(InstallErrorCode.GitUnsafePath)
  })

  it.each([
    ['over 1 MiB', JSON.stringify({ plugins: [], pad: 'x'.repeat(1024 * 1024) })],
    ['not JSON', '{"plugins": ['],
    ['plugins not an array', '{"plugins": {"a": 1}}'],
    [
      'too many plugins',
      JSON.stringify({ plugins: Array.from({ length: 501 }, () => ({ source: './' })) }),
    ],
    ['a path that is not a string', JSON.stringify({ plugins: [{ source: './', skills: [42] }] })],
  ])('refuses a marketplace manifest %s with INSTALL_GIT_MANIFEST_INVALID', async (name, text) => {
    const url = await repoWith(`manifest-${name.replaceAll(' ', '-')}`, async (path) => {
      await mkdir(join(path, '.claude-plugin'))
      await writeFile(join(path, '.claude-plugin', 'marketplace.json'), text)
    })
    expect(await codeOf(discover(url))).toBe(InstallErrorCode.GitManifestInvalid)
  })
})

describe('git pseudo-versions', () => {
  it('are 0.0.0-<UTC date>-<sha12>, valid semver even for an all-digit sha', () => {
    expect(gitPseudoVersion('abcdef0123456789', 1_735_689_599)).toBe('0.0.0-20241231-abcdef012345')
    expect(gitPseudoVersion('0123456789012345', 1_735_689_600)).toBe('0.0.0-20250101-g01234567890')
  })
})

function discover(url: string) {
  return createGitSource().discover?.(spec(url)) ?? Promise.resolve(undefined)
}

async function mkdirp(path: string): Promise<string> {
  await mkdir(path, { recursive: true })
  return path
}
