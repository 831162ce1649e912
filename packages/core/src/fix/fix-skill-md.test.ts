import { describe, expect, it } from 'vitest'
import { parseSkillMd } from '../frontmatter/parse-skill-md.js'
import { validateSkill } from '../validate/validate-skill.js'
import { fixSkillMd } from './fix-skill-md.js'

describe('fixSkillMd', () => {
  it.each([
    ['a literal block', 'description: |-\n  Line one\n  line two.\nlicense: MIT\n'],
    ['a folded block', 'description: >\n  Folded\n  text.\n\nlicense: MIT\n'],
    ['a multi-line plain scalar', 'description: Plain first\n  and second line.\nlicense: MIT\n'],
    ['a single-quoted scalar', "description: 'It''s quoted'\nlicense: MIT\n"],
    ['a plain scalar', 'description: Plain one line\nlicense: MIT\n'],
  ])('writes %s as one double-quoted line and keeps the other fields', (_label, field) => {
    const text = `---\nname: demo\n${field}---\n# Body\n`
    const fixed = fixSkillMd(text)
    const lines = fixed.text.split('\n')
    expect(lines[2]).toMatch(/^description: "[^"\n]+"$/)
    expect(fixed.text).toContain('license: MIT\n---\n# Body\n')
    const parsed = parseSkillMd(fixed.text)
    expect(parsed.frontmatter?.data['license']).toBe('MIT')
    expect(String(parsed.frontmatter?.data['description'])).not.toMatch(/\n/)
  })

  it('converts CRLF and CR line endings to LF, body included', () => {
    const fixed = fixSkillMd('---\r\nname: demo\r\ndescription: "x"\r\n---\r\nA\rB\r\n')
    expect(fixed.text).toBe('---\nname: demo\ndescription: "x"\n---\nA\nB\n')
    expect(fixed.changes).toEqual(['line endings converted to LF'])
  })

  it('leaves the YAML of a frontmatter over the size limit alone, line endings still fixed', () => {
    const keys = Array.from({ length: 30_000 }, (_, index) => `  k${index}: v\r\n`).join('')
    const text = `---\r\nname: demo\r\ndescription: plain\r\nmetadata:\r\n${keys}---\r\n`
    const fixed = fixSkillMd(text)
    expect(fixed.changes).toEqual(['line endings converted to LF'])
    expect(fixed.text).toBe(text.replace(/\r\n/g, '\n'))
  })

  it('quotes a description whose unquoted colon broke the YAML', () => {
    const fixed = fixSkillMd('---\nname: demo\ndescription: Use it: always\n---\n')
    expect(fixed.text).toBe('---\nname: demo\ndescription: "Use it: always"\n---\n')
    expect(validateSkill(parseSkillMd(fixed.text), { directoryName: 'demo' }).ok).toBe(true)
  })

  it('changes nothing in a file that is already fixed, and is idempotent', () => {
    const text = '---\nname: demo\ndescription: "Already fine"\nmetadata:\n  a: b\n---\nbody  \n'
    expect(fixSkillMd(text)).toEqual({ text, changes: [] })
    const once = fixSkillMd('---\nname: demo\ndescription: >\n  a\n  b\n---\n').text
    expect(fixSkillMd(once)).toEqual({ text: once, changes: [] })
  })

  it('leaves a file without frontmatter alone except for line endings', () => {
    expect(fixSkillMd('# no frontmatter\n')).toEqual({ text: '# no frontmatter\n', changes: [] })
  })
})
