import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { checkEntryPath } from './check-entry-path.js'

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('checkEntryPath', () => {
  it.each([
    ['SKILL.md', 'SKILL.md'],
    ['./scripts/run.py', 'scripts/run.py'],
    ['scripts/', 'scripts'],
    ['a//b/./c.txt', 'a/b/c.txt'],
    ['cafe\u0301.md', 'caf\u00e9.md'],
    ['references/技能.md', 'references/技能.md'],
    ['.hidden/file', '.hidden/file'],
    ['console.txt', 'console.txt'],
    ['COM10.txt', 'COM10.txt'],
    ['a..b', 'a..b'],
    ['x'.repeat(255), 'x'.repeat(255)],
    // 85 three-byte characters are exactly 255 bytes; 127 two-byte ones plus one ASCII too.
    ['技'.repeat(85), '技'.repeat(85)],
    [`${'é'.repeat(127)}x`, `${'é'.repeat(127)}x`],
    // Decomposed é (2 code units, 3 bytes) becomes composed é (2 bytes): counted after NFC.
    ['e\u0301'.repeat(127), 'é'.repeat(127)],
  ])('accepts %j as %j', (raw, expected) => {
    expect(checkEntryPath(raw)).toBe(expected)
  })

  it.each([
    ['', SkillErrorCode.PathUnsafe],
    ['.', SkillErrorCode.PathUnsafe],
    ['./', SkillErrorCode.PathUnsafe],
    ['/etc/passwd', SkillErrorCode.PathUnsafe],
    ['C:/x', SkillErrorCode.PathUnsafe],
    ['c:x', SkillErrorCode.PathUnsafe],
    ['file.txt:stream', SkillErrorCode.PathUnsafe],
    ['\\\\server\\share\\x', SkillErrorCode.PathUnsafe],
    ['a\\b.txt', SkillErrorCode.PathUnsafe],
    ['..', SkillErrorCode.PathUnsafe],
    ['../evil', SkillErrorCode.PathUnsafe],
    ['a/../../evil', SkillErrorCode.PathUnsafe],
    ['a/..', SkillErrorCode.PathUnsafe],
    ['a\u0000b', SkillErrorCode.PathUnsafe],
    ['a\nb', SkillErrorCode.PathUnsafe],
    ['a\u007fb', SkillErrorCode.PathUnsafe],
    ['a\u0085b', SkillErrorCode.PathUnsafe],
    ['CON', SkillErrorCode.PathNotPortable],
    ['con.txt', SkillErrorCode.PathNotPortable],
    ['docs/Nul.tar.gz', SkillErrorCode.PathNotPortable],
    ['aux/readme.md', SkillErrorCode.PathNotPortable],
    ['PRN.md', SkillErrorCode.PathNotPortable],
    ['com1', SkillErrorCode.PathNotPortable],
    ['LPT9.log', SkillErrorCode.PathNotPortable],
    ['name.', SkillErrorCode.PathNotPortable],
    ['folder /x', SkillErrorCode.PathNotPortable],
    ['what?.md', SkillErrorCode.PathNotPortable],
    ['a<b', SkillErrorCode.PathNotPortable],
    ['x'.repeat(256), SkillErrorCode.PathTooLong],
    ['é'.repeat(128), SkillErrorCode.PathTooLong],
    ['技'.repeat(86), SkillErrorCode.PathTooLong],
    [`a/${'技'.repeat(84)}/b`, SkillErrorCode.PathTooLong],
    // A lone surrogate counts as U+FFFD, 3 bytes.
    ['\ud800'.repeat(86), SkillErrorCode.PathTooLong],
    [`${'a'.repeat(200)}/${'b'.repeat(60)}`, SkillErrorCode.PathTooLong],
  ])('rejects %j with %s', (raw, code) => {
    expect(codeOf(() => checkEntryPath(raw))).toBe(code)
  })
})
