import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type GcFixture, makeGcFixture } from '../../test/runtimes/gc-fixture.js'
import { codeOf } from '../../test/sources/expect-code.js'
import { readLockfile, writeLockfile } from '../lockfile/lockfile.js'
import { knownProjects } from '../project/project.js'
import { tmpDir } from '../store/store-seal.js'
import { collectGarbage } from './collect-garbage.js'

let fixture: GcFixture

beforeEach(async () => {
  fixture = await makeGcFixture()
}, 60_000)

afterEach(async () => {
  await fixture.cleanup()
})

function gc(dryRun: boolean) {
  const { skillshipHome, storeRoot, envsRoot, home } = fixture
  return collectGarbage({ skillshipHome, storeRoot, envsRoot, home, dryRun })
}

function storePresent(): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(fixture.skills).map(([name, integrity]) => [
      name,
      existsSync(fixture.entryDir(integrity)),
    ]),
  )
}

function envsPresent(): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(fixture.envs).map(([name, key]) => [
      name,
      existsSync(join(fixture.envsRoot, key)),
    ]),
  )
}

const everything = { a: true, b: true, c: true, d: true, e: true, f: true, g: true, fresh: true }
const allEnvs = { one: true, two: true, user: true, gone: true, orphan: true, fresh: true }

describe('collectGarbage', () => {
  it('lists what no project references in a dry run, and changes nothing', async () => {
    const report = await gc(true)
    expect(report).toEqual({
      dryRun: true,
      store: { kept: 6, removed: fixture.garbage.store },
      envs: { kept: 4, removed: fixture.garbage.envs },
      bytes: expect.any(Number),
      projects: { known: 3, dropped: [fixture.projects.gone] },
    })
    expect(report.bytes).toBeGreaterThan(0)
    expect(storePresent()).toEqual(everything)
    expect(envsPresent()).toEqual(allEnvs)
    expect(await knownProjects(fixture.skillshipHome)).toContain(fixture.projects.gone)
  })

  it('removes exactly the unreferenced, old entries and environments, and forgets gone projects', async () => {
    const dry = await gc(true)
    const report = await gc(false)
    expect(report).toEqual({ ...dry, dryRun: false })
    expect(storePresent()).toEqual({ ...everything, e: false, f: false })
    expect(envsPresent()).toEqual({ ...allEnvs, gone: false, orphan: false })
    expect(await knownProjects(fixture.skillshipHome)).toEqual(
      [fixture.projects.one, fixture.projects.two, join(fixture.skillshipHome, 'global')].sort(),
    )
    // No trash is left behind, and a second run has nothing to do.
    expect(await readdir(tmpDir(fixture.storeRoot))).toEqual([])
    expect((await readdir(fixture.envsRoot)).filter((name) => name.startsWith('.trash-'))).toEqual(
      [],
    )
    expect(await gc(false)).toMatchObject({
      store: { kept: 6, removed: [] },
      envs: { kept: 4, removed: [] },
      bytes: 0,
      projects: { known: 3, dropped: [] },
    })
  })

  it('keeps an entry as soon as a project references it again', async () => {
    // Project two locks e too now (as after `skillship add`): only f is garbage.
    const lock = join(fixture.projects.two, 'skillship.lock')
    const read = await readLockfile(lock)
    if (read === undefined) throw new Error('project two has no lockfile')
    const e = {
      spec: 'file:./gc-e',
      version: '1.0.0',
      source: { type: 'directory', path: join(fixture.root, 'sources', 'gc-e'), link: false },
      integrity: fixture.skills.e,
      files: [],
    } as const
    await writeLockfile(lock, { ...read.lockfile, skills: { ...read.lockfile.skills, 'gc-e': e } })
    const report = await gc(false)
    expect(report.store.removed).toEqual([fixture.skills.f])
    expect(storePresent()).toEqual({ ...everything, f: false })
  })

  it('refuses with the lockfile code when a project lockfile cannot be read, removing nothing', async () => {
    await writeFile(join(fixture.projects.two, 'skillship.lock'), '{"lockfileVersion": 2, "sk')
    expect(await codeOf(gc(false))).toBe('INSTALL_LOCKFILE_INVALID')
    expect(storePresent()).toEqual(everything)
    expect(envsPresent()).toEqual(allEnvs)
    expect(await knownProjects(fixture.skillshipHome)).toContain(fixture.projects.gone)
  })

  it('refuses when a runtimes file cannot be read', async () => {
    await writeFile(join(fixture.home, '.skillship', 'runtimes-user.json'), '[]')
    expect(await codeOf(gc(false))).toBe('INSTALL_VERIFY_FAILED')
    expect(envsPresent()).toEqual(allEnvs)
  })

  it('sweeps staging and trash folders only when their build is dead or a day old', async () => {
    const key = 'c'.repeat(32)
    const dead = join(fixture.envsRoot, `.staging-${key}-999999999-${'0'.repeat(12)}`)
    const live = join(fixture.envsRoot, `.staging-${key}-${process.pid}-${'1'.repeat(12)}`)
    const staleTrash = join(fixture.envsRoot, `.trash-${key}-${'2'.repeat(12)}`)
    const recentTrash = join(fixture.envsRoot, `.trash-${key}-${'3'.repeat(12)}`)
    for (const dir of [dead, live, staleTrash, recentTrash]) await mkdir(dir)
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60_000)
    await utimes(staleTrash, twoDaysAgo, twoDaysAgo)
    await gc(true)
    expect([dead, live, staleTrash, recentTrash].map((dir) => existsSync(dir))).toEqual([
      true,
      true,
      true,
      true,
    ])
    await gc(false)
    expect([dead, live, staleTrash, recentTrash].map((dir) => existsSync(dir))).toEqual([
      false,
      true,
      false,
      true,
    ])
    await rm(live, { recursive: true })
  })

  it('works on a machine without a store, envs or projects', async () => {
    const empty = join(fixture.root, 'empty')
    const report = await collectGarbage({
      skillshipHome: join(empty, '.skillship'),
      storeRoot: join(empty, 'store'),
      envsRoot: join(empty, 'envs'),
      home: empty,
      dryRun: false,
    })
    expect(report).toEqual({
      dryRun: false,
      store: { kept: 0, removed: [] },
      envs: { kept: 0, removed: [] },
      bytes: 0,
      projects: { known: 0, dropped: [] },
    })
  })
})
