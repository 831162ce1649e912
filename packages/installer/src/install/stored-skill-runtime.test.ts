import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { skillshipErrorOf } from '../../test/runtimes/skillship-error-of.js'
import { RuntimeErrorCode } from '../errors/runtime-error-codes.js'
import { runtimeNeedsCachePath, storedSkillRuntime } from './prepare-runtimes.js'

let skillDir: string

beforeEach(async () => {
  // The store's layout: <entry>/skill/ holds the files, the cache sits in <entry>/.
  skillDir = join(await mkdtemp(join(tmpdir(), 'skillship-stored-runtime-')), 'entry', 'skill')
  await mkdir(skillDir, { recursive: true })
  await writeFile(join(skillDir, 'SKILL.md'), '---\nname: skill\ndescription: A skill.\n---\n')
})

afterEach(async () => {
  await rm(join(skillDir, '..', '..'), { recursive: true, force: true })
})

const requirements = (text: string) => writeFile(join(skillDir, 'requirements.txt'), text)

describe('storedSkillRuntime', () => {
  it('discovers once per entry and answers later calls from the entry folder', async () => {
    await requirements('pkgx==1.0\n')
    const first = await storedSkillRuntime(skillDir)
    expect(first.python?.requirements).toEqual(['pkgx==1.0'])
    expect(first.node).toBeUndefined()
    expect(existsSync(runtimeNeedsCachePath(skillDir))).toBe(true)
    // Store entries never change: what the files say now is not read again.
    await requirements('pkgx==2.0\n')
    expect(await storedSkillRuntime(skillDir)).toEqual(first)
    await rm(runtimeNeedsCachePath(skillDir))
    expect((await storedSkillRuntime(skillDir)).python?.requirements).toEqual(['pkgx==2.0'])
  })

  it('discovers again over a malformed cache, and caches a skill that needs nothing', async () => {
    await writeFile(runtimeNeedsCachePath(skillDir), '{ not json')
    expect(await storedSkillRuntime(skillDir)).toEqual({ python: undefined, node: undefined })
    expect(await storedSkillRuntime(skillDir)).toEqual({ python: undefined, node: undefined })
  })

  it('never caches a failure', async () => {
    await writeFile(join(skillDir, 'pyproject.toml'), '[project\n')
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = await skillshipErrorOf(storedSkillRuntime(skillDir))
      expect(error.code).toBe(RuntimeErrorCode.DeclarationInvalid)
    }
    expect(existsSync(runtimeNeedsCachePath(skillDir))).toBe(false)
  })
})
