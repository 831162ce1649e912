import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { detectLineEndings, splitFrontmatter } from './split-frontmatter.js'

describe('splitFrontmatter', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('accepts %s around the delimiters and keeps the body exact', (_label, eol) => {
    const body = `# Title${eol}${eol}Text with --- inside${eol}---${eol}after a rule${eol}`
    const result = splitFrontmatter(`---${eol}name: a${eol}description: b${eol}---${eol}${body}`)
    expect(result.ok && result.split.body).toBe(body)
    expect(result.ok && result.split.yaml).toBe(`name: a${eol}description: b${eol}`)
    expect(result.ok && result.split.bodyStartLine).toBe(5)
  })

  it('allows trailing blanks on delimiter lines', () => {
    const result = splitFrontmatter('---  \nname: a\n--- \t\nbody')
    expect(result.ok && result.split.body).toBe('body')
  })

  it('does not end the frontmatter at a --- inside a value', () => {
    const result = splitFrontmatter('---\ndescription: a --- b\n---\nbody')
    expect(result.ok && result.split.yaml).toBe('description: a --- b\n')
  })

  it.each([
    ['no delimiter', '# Title\n', SkillErrorCode.FrontmatterMissing],
    ['a leading blank line', '\n---\nname: a\n---\n', SkillErrorCode.FrontmatterMissing],
    ['a BOM left in the text', '\ufeff---\nname: a\n---\n', SkillErrorCode.FrontmatterMissing],
    ['no closing delimiter', '---\nname: a\n', SkillErrorCode.FrontmatterUnclosed],
    ['four dashes as the closing line', '---\nname: a\n----\n', SkillErrorCode.FrontmatterUnclosed],
    ['an empty file', '', SkillErrorCode.FrontmatterMissing],
  ])('reports %s', (_label, text, code) => {
    const result = splitFrontmatter(text)
    expect(result.ok ? undefined : result.issue.code).toBe(code)
  })

  it('accepts an empty body and an empty frontmatter', () => {
    const result = splitFrontmatter('---\n---')
    expect(result.ok && result.split).toMatchObject({ yaml: '', body: '' })
  })
})

describe('detectLineEndings', () => {
  it.each([
    ['a\nb\n', 'lf'],
    ['a\r\nb\r\n', 'crlf'],
    ['a\rb', 'cr'],
    ['a\r\nb\n', 'mixed'],
    ['ab', 'none'],
  ])('%j is %s', (text, style) => {
    expect(detectLineEndings(text)).toBe(style)
  })
  it('does not depend on where the previous split stopped', () => {
    const crlf = '---\r\nname: a\r\n---\r\nbody\r\n'
    const styles = new Set<string>()
    for (let length = 0; length < crlf.length; length++) {
      splitFrontmatter(`---\n${'x'.repeat(length)}\n---\nbody\n`)
      styles.add(detectLineEndings(crlf))
    }
    expect([...styles]).toEqual(['crlf'])
  })
})
