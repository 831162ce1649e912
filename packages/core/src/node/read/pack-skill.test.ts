import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { unpackSkillArchive } from '../archive/unpack-skill-archive.js'
import { loadSkill } from './load-skill.js'
import { packSkill } from './pack-skill.js'

let root: string | undefined
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true })
  root = undefined
})

async function skill(frontmatter: string): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'skillship-pack-'))
  const dir = join(root, 'demo')
  await mkdir(join(dir, 'scripts'), { recursive: true })
  await writeFile(join(dir, 'SKILL.md'), `---\n${frontmatter}\n---\n# Demo\n`)
  await writeFile(join(dir, 'scripts', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o700 })
  return dir
}

describe('packSkill', () => {
  it('takes the version from metadata.version, or from the option', async () => {
    const dir = await skill('name: demo\ndescription: d\nmetadata:\n  version: "1.2.3"')
    const loaded = await loadSkill(dir)
    expect((await packSkill(loaded)).version).toBe('1.2.3')
    expect((await packSkill(loaded, { version: '2.0.0-rc.1' })).version).toBe('2.0.0-rc.1')
  })

  it('packs without a version when none is given', async () => {
    const packed = await packSkill(await loadSkill(await skill('name: demo\ndescription: d')))
    expect(packed.version).toBeUndefined()
    expect(packed.files.map((f) => [f.path, f.mode])).toEqual([
      ['SKILL.md', 0o644],
      ['scripts/run.sh', 0o755],
    ])
  })

  it('refuses a version that is not semver', async () => {
    const loaded = await loadSkill(
      await skill('name: demo\ndescription: d\nmetadata:\n  version: "1.0"'),
    )
    await expect(packSkill(loaded)).rejects.toMatchObject({ code: SkillErrorCode.VersionInvalid })
    await expect(packSkill(loaded, { version: 'latest' })).rejects.toMatchObject({
      code: SkillErrorCode.VersionInvalid,
    })
  })

  it('refuses a skill without a usable name, never using the name as a path', async () => {
    await expect(packSkill(await loadSkill(await skill('description: d')))).rejects.toMatchObject({
      code: SkillErrorCode.Invalid,
    })
    await expect(
      packSkill(await loadSkill(await skill('name: ../../evil\ndescription: d'))),
    ).rejects.toMatchObject({ code: SkillErrorCode.Invalid })
  })

  it('puts every entry under a folder named after the skill', async () => {
    const packed = await packSkill(await loadSkill(await skill('name: demo\ndescription: d')))
    const out = join(root ?? '', 'out')
    const unpacked = await unpackSkillArchive(packed.tarball, out)
    expect(unpacked.wrapper).toBe('demo')
  })
})
