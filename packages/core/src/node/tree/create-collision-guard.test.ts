import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { createCollisionGuard } from './create-collision-guard.js'

function codeOfAdding(paths: readonly string[]): string | undefined {
  const guard = createCollisionGuard()
  try {
    for (const path of paths) guard.add(path)
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('createCollisionGuard', () => {
  it.each([
    [['SKILL.md', 'skill.md']],
    [['caf\u00e9.md', 'cafe\u0301.md']],
    [['ﬁle.txt', 'file.txt']],
    [['Scripts/run.py', 'scripts/RUN.py']],
    [['a', 'A/b']],
    [['a/b/c', 'A/B']],
    [['x.md', 'x.md']],
  ])('rejects %j', (paths) => {
    expect(codeOfAdding(paths)).toBe(SkillErrorCode.PathCollision)
  })

  it.each([
    [['SKILL.md', 'scripts/run.py', 'scripts/lib/util.py', 'Scripts.md']],
    [['a/b', 'a/c', 'A/d']],
  ])('accepts %j', (paths) => {
    expect(codeOfAdding(paths)).toBeUndefined()
  })
})
