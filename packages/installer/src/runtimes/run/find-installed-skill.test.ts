import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/link/make-test-store-entry.js'
import { allAgentSkillDirs } from '../../link/agents.js'
import { writeInstalledState } from '../../state/installed-state.js'
import { findInstalledSkill } from './find-installed-skill.js'

let root: string
let project: string
let statePath: string

beforeEach(async () => {
  root = await makeTempDir('skillship-find-')
  project = join(root, 'project')
  statePath = join(project, '.skillship', 'installed.json')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function folder(path: string): Promise<string> {
  await mkdir(path, { recursive: true })
  await writeFile(join(path, 'SKILL.md'), 'x\n')
  return path
}

async function plant(path: string): Promise<void> {
  const record = { agent: 'qoder', name: 'pdf', path, integrity: 'sha512-x', method: 'folder' }
  await writeInstalledState(statePath, { version: 1, skills: [record as never] })
}

const dirs = () =>
  allAgentSkillDirs({ scope: 'project', projectRoot: project, home: join(root, 'home'), env: {} })

describe('findInstalledSkill', () => {
  it('finds a skill the state places in one of the project agent folders', async () => {
    const path = await folder(join(project, '.qoder', 'skills', 'pdf'))
    await plant(path)
    expect(await findInstalledSkill(statePath, 'pdf', dirs())).toBe(path)
  })

  it('never runs from a folder a planted state names outside the project', async () => {
    await plant(await folder(join(root, 'elsewhere', 'pdf')))
    let code: string | undefined
    try {
      await findInstalledSkill(statePath, 'pdf', dirs())
    } catch (error) {
      code = isSkillshipError(error) ? error.code : 'other'
    }
    expect(code).toBe('RUNTIME_SKILL_NOT_INSTALLED')
  })
})
