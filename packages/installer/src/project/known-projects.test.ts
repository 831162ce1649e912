import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { codeOf, tempPrefix } from '../../test/sources/expect-code.js'
import { forgetProjects, knownProjects, knownProjectsFile, rememberProject } from './project.js'

let home: string

beforeEach(async () => {
  home = join(await mkdtemp(join(tmpdir(), tempPrefix)), '.skillship')
})

afterEach(async () => {
  await rm(join(home, '..'), { recursive: true, force: true })
})

describe('known projects', () => {
  it('lists nothing before the first install', async () => {
    expect(await knownProjects(home)).toEqual([])
  })

  it('adds absolute roots once, sorted, and does not rewrite an unchanged list', async () => {
    await rememberProject(home, '/work/b')
    await rememberProject(home, '/work/a/../a')
    await rememberProject(home, '/work/b/')
    expect(await knownProjects(home)).toEqual(['/work/a', '/work/b'])
    expect(JSON.parse(await readFile(join(home, knownProjectsFile), 'utf8'))).toEqual({
      version: 1,
      projects: ['/work/a', '/work/b'],
    })
    const before = await stat(join(home, knownProjectsFile), { bigint: true })
    await rememberProject(home, '/work/a')
    const after = await stat(join(home, knownProjectsFile), { bigint: true })
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs])
  })

  it('keeps a valid list when two installs add at once; a lost addition is back at the next install', async () => {
    await rememberProject(home, '/work/first')
    await Promise.all([rememberProject(home, '/work/x'), rememberProject(home, '/work/y')])
    const listed = await knownProjects(home)
    expect(listed).toContain('/work/first')
    expect(
      listed.filter((root) => root === '/work/x' || root === '/work/y').length,
    ).toBeGreaterThan(0)
    // Every install calls rememberProject: the next one of each project lists it for sure.
    await rememberProject(home, '/work/x')
    await rememberProject(home, '/work/y')
    expect(await knownProjects(home)).toEqual(['/work/first', '/work/x', '/work/y'])
  })

  it('forgets projects, leaving the others', async () => {
    for (const root of ['/p/1', '/p/2', '/p/3']) await rememberProject(home, root)
    await forgetProjects(home, ['/p/2', '/p/4'])
    expect(await knownProjects(home)).toEqual(['/p/1', '/p/3'])
  })

  it.each([
    ['not JSON', '{"version": 1, "proj'],
    ['another version', '{"version": 2, "projects": []}'],
    ['relative paths', '{"version": 1, "projects": ["work/a"]}'],
    ['no list', '{"version": 1}'],
  ])('refuses a file with %s as INSTALL_VERIFY_FAILED', async (_, text) => {
    await mkdir(home, { recursive: true })
    await writeFile(join(home, knownProjectsFile), text)
    expect(await codeOf(knownProjects(home))).toBe('INSTALL_VERIFY_FAILED')
    expect(await codeOf(rememberProject(home, '/work/a'))).toBe('INSTALL_VERIFY_FAILED')
  })
})
