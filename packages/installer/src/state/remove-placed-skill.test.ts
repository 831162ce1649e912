import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, makeTestStoreEntry } from '../../test/link/make-test-store-entry.js'
import { placeSkill } from '../link/place-skill.js'
import { lstatIfExists } from '../shared/helpers.js'
import { claimedState, emptyInstalledState, withRecord } from './installed-state.js'
import {
  assertMayReplace,
  deletePlacedEntry,
  planRemovals,
  provePlaced,
  proverFor,
} from './placed-ownership.js'

let root: string
let skillsDir: string
let shared: string

beforeEach(async () => {
  root = await makeTempDir('skillship-remove-')
  skillsDir = join(root, '.qoder', 'skills')
  shared = join(root, '.agents', 'skills')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return isSkillshipError(error) ? error.code : 'not-a-skillship-error'
  }
  return undefined
}

async function placed(name: string, dir = skillsDir): Promise<string> {
  const entry = await makeTestStoreEntry(
    { 'SKILL.md': `${name}\n`, 'scripts/run.sh': 'echo\n' },
    join(root, `store-${name}`),
  )
  return (await placeSkill({ method: 'folder', entry, skillsDir: dir, name })).path
}

async function userFolder(name = 'pdf'): Promise<string> {
  const own = join(skillsDir, name)
  await mkdir(own, { recursive: true })
  await writeFile(join(own, 'SKILL.md'), 'mine\n')
  return own
}

const prove = (path: string, name = 'pdf') => provePlaced({ path, name, sharedDir: shared })

describe('provePlaced', () => {
  it('proves a folder skillship placed, and nothing else', async () => {
    const path = await placed('pdf')
    expect(prove(path)).toEqual({ kind: 'placed' })
    expect(prove(join(skillsDir, 'gone'), 'gone')).toEqual({ kind: 'absent' })
    expect(prove(await userFolder('mine'), 'mine')).toEqual({ kind: 'foreign' })
    // A marker naming another skill does not make this one skillship's.
    await rm(join(root, 'store-pdf'), { recursive: true })
    expect(prove(path, 'other')).toEqual({ kind: 'foreign' })
  })

  it('calls a changed, missing or added file the user edit', async () => {
    const path = await placed('pdf')
    await rm(join(path, 'scripts', 'run.sh'))
    await writeFile(join(path, 'notes.md'), 'mine\n')
    expect(prove(path)).toEqual({ kind: 'edited', files: ['scripts/run.sh', 'notes.md'] })
  })

  it('proves a link into the shared folder, not a link elsewhere', async () => {
    const target = await placed('pdf', shared)
    const link = await placeSkill({
      method: 'symlink',
      symlinkTarget: target,
      skillsDir: join(root, '.windsurf', 'skills'),
      name: 'pdf',
    })
    expect(prove(link.path)).toEqual({ kind: 'placed' })
    const stray = join(root, '.windsurf', 'skills', 'stray')
    await symlink(root, stray)
    expect(prove(stray, 'stray')).toEqual({ kind: 'foreign' })
  })

  it('proves a pre-marker folder only by the locked files of its record', async () => {
    const path = await placed('pdf')
    await rm(join(path, '.skillship-placed.json'))
    expect(prove(path)).toEqual({ kind: 'foreign' })
    const files = [{ path: 'SKILL.md', size: 4, sha256: 'f'.repeat(64) }]
    expect(provePlaced({ path, name: 'pdf', sharedDir: shared, legacyFiles: files }).kind).toBe(
      'edited',
    )
  })
})

describe('assertMayReplace', () => {
  it('refuses a foreign entry and a user edit unless forced', async () => {
    const own = await userFolder()
    expect(codeOf(() => assertMayReplace([{ path: own, proof: prove(own) }], false))).toBe(
      'INSTALL_TARGET_CONFLICT',
    )
    const edited = { path: own, proof: { kind: 'edited', files: ['SKILL.md'] } as const }
    expect(codeOf(() => assertMayReplace([edited], false))).toBe('INSTALL_LOCAL_CHANGES')
    expect(codeOf(() => assertMayReplace([edited], true))).toBeUndefined()
  })
})

describe('claimedState / planRemovals / deletePlacedEntry', () => {
  const record = (path: string, name = 'pdf') => ({
    agent: 'qoder',
    name,
    path,
    integrity: 'sha512-x',
    method: 'folder' as const,
  })

  it('ignores records outside the scope folders or not named after their folder', () => {
    const state = [
      record(join(skillsDir, 'pdf')),
      record('/etc'),
      record(join(root, 'src')),
      record(join(skillsDir, 'other')),
      record(join(skillsDir, '..', '..', 'x'), 'x'),
    ].reduce(withRecord, emptyInstalledState())
    const claims = claimedState(state, new Set([skillsDir]))
    expect(claims.state.skills.map((r) => r.path)).toEqual([join(skillsDir, 'pdf')])
    expect(claims.ignored).toHaveLength(4)
  })

  it('removes only what is proven, warning about a claimed user folder', async () => {
    const ours = await placed('ours')
    const own = await userFolder('mine')
    const claimed = [record(ours, 'ours'), record(own, 'mine')].reduce(
      withRecord,
      emptyInstalledState(),
    )
    const plan = planRemovals({
      claimed,
      wanted: new Set(),
      skillsDirs: [skillsDir],
      formerNames: ['ours', 'missing'],
      prove: proverFor(shared, () => undefined),
      force: false,
    })
    expect(plan.remove).toEqual([ours])
    expect(plan.warnings).toHaveLength(1)
    expect(plan.warnings[0]).toContain(own)
    await deletePlacedEntry(ours)
    expect(await lstatIfExists(ours)).toBeUndefined()
    expect(await readFile(join(own, 'SKILL.md'), 'utf8')).toBe('mine\n')
    expect(await readdir(join(root, '.qoder', '.skillship-staging'))).toEqual(['.gitignore'])
  })

  it('refuses to remove an edited folder unless forced', async () => {
    const ours = await placed('ours')
    await writeFile(join(ours, 'SKILL.md'), 'edited\n')
    const candidates = {
      claimed: emptyInstalledState(),
      wanted: new Set<string>(),
      skillsDirs: [skillsDir],
      formerNames: ['ours'],
      prove: proverFor(shared, () => undefined),
    }
    expect(codeOf(() => planRemovals({ ...candidates, force: false }))).toBe(
      'INSTALL_LOCAL_CHANGES',
    )
    expect(planRemovals({ ...candidates, force: true }).remove).toEqual([ours])
  })
})
