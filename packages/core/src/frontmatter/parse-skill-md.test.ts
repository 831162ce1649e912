import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { fixSkillMd } from '../fix/fix-skill-md.js'
import { parseSkillMd } from './parse-skill-md.js'
import type { LineEndingStyle } from './split-frontmatter.js'

const lfText =
  '---\nname: demo\ndescription: "A demo skill."\nmetadata:\n  k: v\n  l: |\n    one\n    two\n---\n# Demo\n\nBody.\n'
const breaks = ['\r\n', '\r', '\n']
const withEndings = (eol: string | undefined) => {
  let index = 0
  return lfText.replace(/\n/g, () => eol ?? breaks[index++ % breaks.length] ?? '\n')
}

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
  // skills-ref (Python) splits lines on CR too, so classic Mac SKILL.md files are valid there.
  it.each<[string, string | undefined, LineEndingStyle]>([
    ['LF', '\n', 'lf'],
    ['CRLF', '\r\n', 'crlf'],
    ['lone CR', '\r', 'cr'],
    ['mixed', undefined, 'mixed'],
  ])(
    '%s: the same fields and lines as LF, a warning only, and --fix gives the LF text',
    (label, eol, style) => {
      const text = withEndings(eol)
      const parsed = parseSkillMd(text)
      const reference = parseSkillMd(lfText)
      expect(parsed.lineEndings).toBe(style)
      expect(parsed.issues.map((i) => i.code)).toEqual(
        label === 'LF' ? [] : [SkillErrorCode.LineEndings],
      )
      expect(parsed.frontmatter).toEqual(reference.frontmatter)
      expect(parsed.bodyStartLine).toBe(reference.bodyStartLine)
      expect(fixSkillMd(text).text).toBe(fixSkillMd(lfText).text)
    },
  )
})
