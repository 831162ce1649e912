import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeSourceContract } from '../../test/contract/source.contract.js'
import { codeOf, tempPrefix } from '../../test/sources/expect-code.js'
import { type GitTestRepo, initGitTestRepo } from '../../test/sources/git-test-repo.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { createGitSource } from './git-source.js'

const subpath = 'skills/git-skill'

/** c1: 0.9.0; c2: 1.0.0 tagged v1.0.0 (annotated); c3: 1.1.0 on main; plus a root-level skill. */
async function createRepo(work: string): Promise<{ repo: GitTestRepo; commits: string[] }> {
  const path = join(work, 'repo')
  await mkdir(path)
  const repo = initGitTestRepo(path)
  const commits: string[] = []
  for (const version of ['0.9.0', '1.0.0', '1.1.0']) {
    await writeTestSkill(join(path, 'skills'), 'git-skill', { version })
    commits.push(repo.commit(`git-skill ${version}`))
    if (version === '1.0.0') repo.git('tag', '-a', 'v1.0.0', '-m', 'release 1.0.0')
  }
  return { repo, commits }
}

describeSourceContract('git (tag and subpath)', async () => {
  const work = await mkdtemp(join(tmpdir(), tempPrefix))
  const { repo } = await createRepo(work)
  return {
    source: createGitSource(),
    spec: { kind: 'git', url: repo.url, ref: 'v1.0.0', subpath },
    expectedName: 'git-skill',
    expectedVersion: '1.0.0',
    cleanup: () => rm(work, { recursive: true, force: true }),
  }
})

describe('git source', () => {
  const source = createGitSource()
  let work: string
  let repo: GitTestRepo
  let commits: string[]

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), tempPrefix))
    ;({ repo, commits } = await createRepo(work))
  })

  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  it('pins a tag to its commit, a branch to its tip, and accepts commit ids', async () => {
    const at = (ref: string | undefined) =>
      source.resolve({ kind: 'git', url: repo.url, ref, subpath })
    expect((await at('v1.0.0')).source).toEqual({
      type: 'git',
      url: repo.url,
      commit: commits[1],
      subpath,
    })
    expect(await at('main')).toMatchObject({ version: '1.1.0', source: { commit: commits[2] } })
    expect(await at(undefined)).toMatchObject({ source: { commit: commits[2] } })
    expect(await at(commits[0])).toMatchObject({ version: '0.9.0', source: { commit: commits[0] } })
    const short = commits[0]?.slice(0, 10)
    expect(await at(short)).toMatchObject({ version: '0.9.0', source: { commit: commits[0] } })
  })

  it('fetches the pinned commit even after the tag moves', async () => {
    const resolution = await source.resolve({ kind: 'git', url: repo.url, ref: 'v1.0.0', subpath })
    const before = await createGitSource().fetch(resolution.source)
    repo.git('tag', '-f', '-a', 'v1.0.0', '-m', 'moved', 'main')
    const after = await createGitSource().fetch(resolution.source)
    expect(after.integrity).toBe(before.integrity)
    repo.git('tag', '-f', '-a', 'v1.0.0', '-m', 'release 1.0.0', commits[1] ?? '')
  })

  it('falls back to a full fetch when the server refuses a commit it does not advertise', async () => {
    // Protocol v0 without uploadpack.allowAnySHA1InWant refuses the shallow fetch of c1.
    const v0 = createGitSource({
      env: {
        ...process.env,
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'protocol.version',
        GIT_CONFIG_VALUE_0: '0',
      },
    })
    const locked = { type: 'git', url: repo.url, commit: commits[0] ?? '', subpath } as const
    const fetched = await v0.fetch(locked)
    expect(fetched.integrity).toBe((await createGitSource().fetch(locked)).integrity)
  })

  it('takes the skill at the repository root when there is no subpath', async () => {
    const path = join(work, 'root-repo')
    await writeTestSkill(work, 'root-skill', { folder: 'root-repo' })
    const commit = initGitTestRepo(path).commit('root skill')
    const url = pathToFileURL(path).href
    const resolution = await source.resolve({
      kind: 'git',
      url,
      ref: undefined,
      subpath: undefined,
    })
    // No metadata.version: the commit's pseudo-version (the test repository's date is fixed).
    expect(resolution).toMatchObject({
      name: 'root-skill',
      version: `0.0.0-20250101-${commit.slice(0, 12)}`,
    })
  })

  it('fails an unknown ref, an unreachable repository and a bad lockfile commit with INSTALL_GIT_FAILED', async () => {
    const unknownRef = source.resolve({ kind: 'git', url: repo.url, ref: 'v9.9.9', subpath })
    expect(await codeOf(unknownRef)).toBe(InstallErrorCode.GitFailed)
    const url = pathToFileURL(join(work, 'nowhere')).href
    const missing = source.resolve({ kind: 'git', url, ref: undefined, subpath })
    expect(await codeOf(missing)).toBe(InstallErrorCode.GitFailed)
    const unknownCommit = 'f'.repeat(40)
    const locked = { type: 'git', url: repo.url, commit: unknownCommit, subpath } as const
    expect(await codeOf(source.fetch(locked))).toBe(InstallErrorCode.GitFailed)
    const notAnId = { ...locked, commit: '--upload-pack=touch' }
    expect(await codeOf(source.fetch(notAnId))).toBe(InstallErrorCode.GitFailed)
  })

  it('refuses a missing subpath and one leaving the checkout with INSTALL_SPEC_INVALID', async () => {
    const spec = { kind: 'git', url: repo.url, ref: 'main' } as const
    expect(await codeOf(source.resolve({ ...spec, subpath: 'skills/nope' }))).toBe(
      InstallErrorCode.SpecInvalid,
    )
    const path = join(work, 'link-repo')
    await mkdir(path)
    await symlink(join(repo.path, 'skills'), join(path, 'outside'))
    await writeFile(join(path, 'README.md'), 'links\n')
    const linkRepo = initGitTestRepo(path)
    linkRepo.commit('a link out')
    const leaving = {
      kind: 'git',
      url: linkRepo.url,
      ref: 'main',
      subpath: 'outside/git-skill',
    } as const
    expect(await codeOf(source.resolve(leaving))).toBe(InstallErrorCode.SpecInvalid)
  })

  it('refuses a subpath without a valid skill with INSTALL_INVALID_SKILL', async () => {
    const spec = { kind: 'git', url: repo.url, ref: 'main' } as const
    expect(await codeOf(source.resolve({ ...spec, subpath: 'skills' }))).toBe(
      InstallErrorCode.InvalidSkill,
    )
  })
})
