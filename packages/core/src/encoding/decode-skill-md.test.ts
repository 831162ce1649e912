import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { decodeSkillMd } from './decode-skill-md.js'

const text = '---\nname: 技能\ndescription: “quoted” — dash\n---\nbody\n'
const utf8 = new TextEncoder().encode(text)

function utf16(value: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + value.length * 2)
  const view = new DataView(out.buffer)
  if (bom) view.setUint16(0, 0xfeff, littleEndian)
  for (let i = 0; i < value.length; i += 1)
    view.setUint16((bom ? 2 : 0) + i * 2, value.charCodeAt(i), littleEndian)
  return out
}

// GB18030 encoding of "---\nname: 技能\n" built from its known byte values (技 = BC BC, 能 = C4 DC).
const gbk = new Uint8Array([
  ...new TextEncoder().encode('---\nname: '),
  0xbc,
  0xbc,
  0xc4,
  0xdc,
  0x0a,
])

describe('decodeSkillMd', () => {
  it.each([
    ['UTF-8', utf8, 'utf-8', []],
    [
      'UTF-8 with BOM',
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]),
      'utf-8-bom',
      [SkillErrorCode.EncodingBom],
    ],
    ['UTF-16 LE with BOM', utf16(text, true, true), 'utf-16le', [SkillErrorCode.EncodingUtf16]],
    ['UTF-16 BE with BOM', utf16(text, false, true), 'utf-16be', [SkillErrorCode.EncodingUtf16]],
    ['UTF-16 LE without BOM', utf16(text, true, false), 'utf-16le', [SkillErrorCode.EncodingUtf16]],
    [
      'UTF-16 BE without BOM',
      utf16(text, false, false),
      'utf-16be',
      [SkillErrorCode.EncodingUtf16],
    ],
  ])('decodes %s', (_label, bytes, encoding, codes) => {
    const decoded = decodeSkillMd(bytes)
    expect(decoded.text).toBe(text)
    expect(decoded.encoding).toBe(encoding)
    expect(decoded.issues.map((i) => i.code)).toEqual(codes)
  })

  it('falls back to GB18030 with a warning for GBK bytes', () => {
    const decoded = decodeSkillMd(gbk)
    expect(decoded.text).toBe('---\nname: 技能\n')
    expect(decoded.encoding).toBe('gb18030')
    expect(decoded.issues.map((i) => i.code)).toEqual([SkillErrorCode.EncodingLegacy])
  })

  it('refuses bytes that no encoding fits with SKILL_ENCODING_INVALID', () => {
    expect(() => decodeSkillMd(new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xfd]))).toThrowError(
      expect.objectContaining({ code: SkillErrorCode.EncodingInvalid }),
    )
  })

  it('strips only one BOM and keeps the rest byte-exact', () => {
    const decoded = decodeSkillMd(new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41]))
    expect(decoded.text).toBe('\ufeffA')
  })
})
