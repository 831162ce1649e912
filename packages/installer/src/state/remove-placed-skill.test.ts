import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, makeTestStoreEntry } from '../../test/link/make-test-store-entry.js'
import { lstatIfExists } from '../fs/if-exists.js'
import { placeSkill } from '../link/place-skill.js'
import { checkTargetOwnership } from './check-target-ownership.js'
import { emptyInstalledState, withRecord } from './installed-state.js'
import type { InstalledRecord, InstalledState } from './installed-state-schema.js'
import { removePlacedSkill } from './remove-placed-skill.js'

let root: string
let skillsDir: string

beforeEach(async () => {
  root = await makeTempDir('skillship-remove-')
  skillsDir = join(root, '.qoder', 'skills')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    return isSkillshipError(error) ? error.code : 'not-a-skillship-error'
  }
  return undefined
}

async function placed(name: string): Promise<string> {
  const entry = await makeTestStoreEntry({ 'SKILL.md': `${name}\n` }, join(root, `store-${name}`))
  return (await placeSkill({ method: 'folder', entry, skillsDir, name })).path
}

function recorded(agent: string, path: string, state = emptyInstalledState()): InstalledState {
  const record: InstalledRecord = {
    agent,
    name: 'pdf',
    path,
    integrity: 'sha512-x',
    method: 'folder',
  }
  return withRecord(state, record)
}

async function userFolder(): Promise<string> {
  const own = join(skillsDir, 'pdf')
  await mkdir(own, { recursive: true })
  await writeFile(join(own, 'SKILL.md'), 'mine\n')
  return own
}

describe('checkTargetOwnership', () => {
  it('says absent, owned or forced, and refuses a user folder', async () => {
    const path = join(skillsDir, 'pdf')
    const facts = { path, recorded: false, present: false }
    expect(checkTargetOwnership(facts)).toBe('absent')
    expect(checkTargetOwnership({ ...facts, recorded: true, present: true })).toBe('owned')
    expect(checkTargetOwnership({ ...facts, present: true, force: true })).toBe('forced')
    expect(await codeOf((async () => checkTargetOwnership({ ...facts, present: true }))())).toBe(
      'INSTALL_TARGET_CONFLICT',
    )
  })
})

describe('removePlacedSkill', () => {
  it('removes a recorded folder and its record, leaving the store and staging clean', async () => {
    const path = await placed('pdf')
    const result = await removePlacedSkill(recorded('qoder', path), path)
    expect(result).toEqual({ state: emptyInstalledState(), deleted: true })
    expect(await readdir(skillsDir)).toEqual([])
    expect(await readdir(join(root, '.qoder', '.skillship-staging'))).toEqual(['.gitignore'])
    expect(await readFile(join(root, 'store-pdf', 'entry', 'skill', 'SKILL.md'), 'utf8')).toBe(
      'pdf\n',
    )
  })

  it('removes a recorded symlink but not the folder it points to', async () => {
    const target = await placed('pdf')
    const linkDir = join(root, '.claude', 'skills')
    const link = await placeSkill({
      method: 'symlink',
      symlinkTarget: target,
      skillsDir: linkDir,
      name: 'pdf',
    })
    const result = await removePlacedSkill(recorded('claude-code', link.path), link.path)
    expect(result.deleted).toBe(true)
    expect(await lstatIfExists(link.path)).toBeUndefined()
    expect(await readFile(join(target, 'SKILL.md'), 'utf8')).toBe('pdf\n')
  })

  it('refuses an unrecorded folder and leaves it untouched', async () => {
    const own = await userFolder()
    const state = recorded('qoder', join(skillsDir, 'other'))
    expect(await codeOf(removePlacedSkill(state, own))).toBe('INSTALL_TARGET_CONFLICT')
    expect(await readFile(join(own, 'SKILL.md'), 'utf8')).toBe('mine\n')
  })

  it('removes an unrecorded folder with force', async () => {
    const own = await userFolder()
    expect((await removePlacedSkill(emptyInstalledState(), own, { force: true })).deleted).toBe(
      true,
    )
    expect(await lstatIfExists(own)).toBeUndefined()
  })

  it('keeps a shared folder until the last agent recording it is removed', async () => {
    const path = await placed('pdf')
    const state = recorded('generic', path, recorded('codex', path))
    const first = await removePlacedSkill(state, path, { agent: 'codex' })
    expect(first.deleted).toBe(false)
    expect(await lstatIfExists(path)).toBeDefined()
    const second = await removePlacedSkill(first.state, path, { agent: 'generic' })
    expect(second).toEqual({ state: emptyInstalledState(), deleted: true })
    expect(await lstatIfExists(path)).toBeUndefined()
  })

  it('drops the record of a path that is already gone', async () => {
    const path = join(skillsDir, 'pdf')
    expect(await removePlacedSkill(recorded('qoder', path), path)).toEqual({
      state: emptyInstalledState(),
      deleted: false,
    })
  })
})
