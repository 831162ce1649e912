import { readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SkillErrorCode } from '@skillship/core'
import { lintPath, loadSkill, packSkill, unpackSkillArchive } from '@skillship/core/node'
import { expect, it } from 'vitest'
import { describeWithShared, sharedMaterials } from './shared-material.js'

// The reference validator's verdicts on this corpus: claude-api's description is 1068 characters.
const expectedErrors: Record<string, string[]> = {
  'claude-api': [SkillErrorCode.DescriptionTooLong],
}

// Real public skills (documents only), kept beside the repository in ../shared/corpus.
describeWithShared('the anthropics/skills corpus', sharedMaterials.corpus, (corpus) => {
  const skills = readdirSync(corpus).sort()

  it('holds the skills the verdict table expects', () => {
    expect(skills.length).toBeGreaterThanOrEqual(10)
    expect(skills).toContain('claude-api')
  })

  it.each(skills)('%s lints with the reference validator verdict', async (name) => {
    const [result] = await lintPath(join(corpus, name))
    const errors = result?.issues.filter((i) => i.severity === 'error').map((i) => i.code)
    expect(errors).toEqual(expectedErrors[name] ?? [])
    expect(result?.ok).toBe(expectedErrors[name] === undefined)
  })

  it.each(skills)(
    '%s packs to identical bytes twice and round-trips through unpack',
    async (name) => {
      const first = await packSkill(await loadSkill(join(corpus, name)))
      const second = await packSkill(await loadSkill(join(corpus, name)))
      expect(Buffer.from(second.tarball).equals(Buffer.from(first.tarball))).toBe(true)
      expect(second.integrity).toBe(first.integrity)
      const scratch = await mkdtemp(join(tmpdir(), 'skillship-corpus-'))
      try {
        const unpacked = await unpackSkillArchive(first.tarball, join(scratch, name))
        expect(unpacked.wrapper).toBe(name)
        const reloaded = await loadSkill(unpacked.root)
        expect(reloaded.tree.files.map((f) => [f.path, f.size, f.mode])).toEqual(
          first.files.map((f) => [f.path, f.size, f.mode]),
        )
      } finally {
        await rm(scratch, { recursive: true, force: true })
      }
    },
  )
})
