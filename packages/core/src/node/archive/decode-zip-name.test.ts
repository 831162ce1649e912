import { describe, expect, it } from 'vitest'
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
})
