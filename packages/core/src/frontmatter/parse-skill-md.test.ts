import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { parseSkillMd } from './parse-skill-md.js'

describe('parseSkillMd', () => {
  it('keeps the body byte-exact, trailing spaces, tabs and CRLF included', () => {
    const body = 'Line one  \r\n\tTabbed\r\n\r\n'
    const parsed = parseSkillMd(`---\r\nname: a\r\ndescription: b\r\n---\r\n${body}`)
    expect(parsed.body).toBe(body)
    expect(parsed.lineEndings).toBe('crlf')
    expect(parsed.issues.map((i) => i.code)).toEqual([SkillErrorCode.LineEndings])
  })

  it('decodes bytes and reports the encoding', () => {
    const parsed = parseSkillMd(
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('---\nname: a\n---\n')]),
    )
    expect(parsed.encoding).toBe('utf-8-bom')
    expect(parsed.frontmatter?.data['name']).toBe('a')
  })

  it('turns undecodable bytes into an issue instead of throwing', () => {
    const parsed = parseSkillMd(new Uint8Array([0xef, 0xbb, 0xbf, 0xc3, 0x28]))
    expect(parsed.frontmatter).toBeUndefined()
    expect(parsed.issues.map((i) => i.code)).toEqual([SkillErrorCode.EncodingInvalid])
  })

  it('recognises a symlink checked out as a text file', () => {
    expect(parseSkillMd('../../skills/pdf/SKILL.md\n').issues.map((i) => i.code)).toEqual([
      SkillErrorCode.SkillMdPointer,
    ])
  })
})
