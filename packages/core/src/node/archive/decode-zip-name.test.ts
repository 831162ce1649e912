import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { decodeZipName } from './decode-zip-name.js'

describe('decodeZipName', () => {
  it.each([
    ['ASCII', [0x61, 0x2e, 0x6d, 0x64], 0, 'a.md'],
    ['unflagged UTF-8', [...Buffer.from('技能.md')], 0, '技能.md'],
    ['flagged UTF-8', [...Buffer.from('café')], 0x800, 'café'],
    ['GBK', [0xd6, 0xd0, 0xce, 0xc4, 0x2e, 0x6d, 0x64], 0, '中文.md'],
  ])('decodes %s', (_label, bytes, flag, expected) => {
    expect(decodeZipName(Uint8Array.from(bytes), flag)).toBe(expected)
  })
  it.each([
    [
      'flagged UTF-8 that is not UTF-8 (Latin-1)',
      [0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6d, 0x64],
      0x800,
    ],
    ['unflagged bytes neither UTF-8 nor GB18030 (Latin-1)', [0x63, 0x61, 0x66, 0xe9, 0x2e], 0],
    ['a lone GB18030 lead byte at the end', [0x61, 0x81], 0],
  ])('refuses %s as PathUnsafe instead of writing U+FFFD', (_label, bytes, flag) => {
    expect(() => decodeZipName(Uint8Array.from(bytes), flag)).toThrowError(
      expect.objectContaining({ code: SkillErrorCode.PathUnsafe }),
    )
  })
})
