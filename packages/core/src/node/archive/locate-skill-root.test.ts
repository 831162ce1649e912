import { describe, expect, it } from 'vitest'
import { locateSkillRoot, predictWrapper } from './locate-skill-root.js'

const files = (...paths: string[]) =>
  paths.map((path) => ({ path, size: 1, mode: 0o644, sha256: '' }) as const)

describe('predictWrapper', () => {
  it.each<[string, string[], string | undefined]>([
    ['SKILL.md at the root', ['SKILL.md', 'a/b.md'], undefined],
    ['one wrapper holding SKILL.md', ['demo/SKILL.md', 'demo/a/b.md'], 'demo'],
    ['a lowercase skill.md in the wrapper', ['demo/skill.md'], 'demo'],
    ['two top-level folders', ['demo/SKILL.md', 'other/x.md'], undefined],
    ['a file beside the wrapper', ['demo/SKILL.md', 'x.md'], undefined],
    ['a wrapper without SKILL.md', ['demo/README.md'], undefined],
    ['nothing', [], undefined],
  ])('%s', (_label, paths, wrapper) => {
    expect(predictWrapper(paths)).toBe(wrapper)
    // It agrees with locateSkillRoot wherever that finds a skill.
    try {
      expect(locateSkillRoot(files(...paths), 8).wrapper).toBe(wrapper)
    } catch (error) {
      expect(wrapper).toBeUndefined()
      expect((error as { code?: string }).code).toBe('SKILL_ARCHIVE_NO_SKILL_MD')
    }
  })
})
