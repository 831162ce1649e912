import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type GcFixture,
  makeGcFixture,
} from '../../../../packages/installer/test/runtimes/gc-fixture.js'
import { cli } from '../../test/cli-harness.js'

let fixture: GcFixture

beforeEach(async () => {
  fixture = await makeGcFixture()
}, 60_000)

afterEach(async () => {
  await fixture.cleanup()
})

// `skillship gc` in project one, with the fixture's home (~/.skillship is its skillship home).
function gc(...args: string[]) {
  return cli(['gc', ...args], fixture.projects.one, { env: {}, home: fixture.home })
}

function present(): { store: string[]; envs: string[] } {
  return {
    store: Object.values(fixture.skills).filter((integrity) =>
      existsSync(fixture.entryDir(integrity)),
    ),
    envs: Object.values(fixture.envs).filter((key) => existsSync(join(fixture.envsRoot, key))),
  }
}

describe('skillship gc', () => {
  it('lists what it would remove and the bytes, and removes nothing without --yes', async () => {
    const before = present()
    const run = await gc()
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^Would remove 2 store entries and 2 environments \([\d.]+ [kMG]?B\):/,
    )
    for (const integrity of fixture.garbage.store) expect(run.stdout).toContain(integrity)
    for (const key of fixture.garbage.envs) expect(run.stdout).toContain(key)
    expect(run.stdout).toContain(fixture.projects.gone)
    expect(run.stdout).toContain('skillship gc --yes')
    expect(present()).toEqual(before)

    const json = await gc('--json')
    expect(json.json()).toEqual({
      ok: true,
      dryRun: true,
      store: { kept: 6, removed: fixture.garbage.store },
      envs: { kept: 4, removed: fixture.garbage.envs },
      bytes: expect.any(Number),
      projects: { known: 3, dropped: [fixture.projects.gone] },
      errors: [],
    })
    expect(present()).toEqual(before)
  })

  it('removes exactly the garbage with --yes; referenced entries and environments survive', async () => {
    const before = present()
    const run = await gc('--yes', '--json')
    expect(run.code).toBe(0)
    const report = run.json<{ dryRun: boolean; store: { removed: string[] }; bytes: number }>()
    expect(report.dryRun).toBe(false)
    expect(report.store.removed).toEqual(fixture.garbage.store)
    expect(report.bytes).toBeGreaterThan(0)
    expect(present()).toEqual({
      store: before.store.filter((integrity) => !fixture.garbage.store.includes(integrity)),
      envs: before.envs.filter((key) => !fixture.garbage.envs.includes(key)),
    })
    const again = await gc('--yes')
    expect(again.stdout).toMatch(/^Nothing to remove: 6 store entries and 4 environments in use/)
  })

  it('refuses, removing nothing, when a project lockfile cannot be read', async () => {
    await writeFile(join(fixture.projects.two, 'skillship.lock'), 'not json')
    const before = present()
    const run = await gc('--yes', '--json')
    expect(run.code).toBe(1)
    expect(run.json()).toMatchObject({
      ok: false,
      errors: [
        { code: 'INSTALL_LOCKFILE_INVALID', path: join(fixture.projects.two, 'skillship.lock') },
      ],
    })
    expect(present()).toEqual(before)
  })

  it('takes no arguments', async () => {
    expect((await gc('extra')).code).toBe(2)
  })
})
