import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { parseFrontmatterYaml } from './parse-frontmatter-yaml.js'

describe('parseFrontmatterYaml', () => {
  it('keeps every scalar a string, as the reference validator does', () => {
    const result = parseFrontmatterYaml('name: 2048\nv: 1.10\nflag: yes\nempty:\nn: null\n', 2)
    expect(result.ok && { ...result.frontmatter.data }).toEqual({
      name: '2048',
      v: '1.10',
      flag: 'yes',
      empty: '',
      n: 'null',
    })
  })

  it('records the SKILL.md line of each top-level key', () => {
    const result = parseFrontmatterYaml('name: a\n\ndescription: b\n', 2)
    expect(result.ok && { ...result.frontmatter.fieldLines }).toEqual({ name: 2, description: 4 })
  })

  it.each([
    ['a duplicate key', 'a: 1\na: 2\n', SkillErrorCode.YamlDuplicateKey],
    ['an unquoted colon', 'description: Use it: now\n', SkillErrorCode.YamlInvalid],
    ['an anchor and alias', 'a: &x 1\nb: *x\n', SkillErrorCode.YamlAnchor],
    ['a code-evaluating tag', 'a: !!js/function "function(){}"\n', SkillErrorCode.YamlTag],
    ['a custom tag', 'a: !include other.yaml\n', SkillErrorCode.YamlTag],
    ['a complex key', '? - a\n: b\n', SkillErrorCode.YamlInvalid],
    ['a sequence at the top', '- a\n', SkillErrorCode.FrontmatterNotMapping],
    ['nothing at all', '', SkillErrorCode.FrontmatterNotMapping],
    ['a bare scalar', 'just text\n', SkillErrorCode.FrontmatterNotMapping],
    ['tab indentation', 'metadata:\n\tk: v\n', SkillErrorCode.YamlInvalid],
  ])('refuses %s', (_label, yaml, code) => {
    const result = parseFrontmatterYaml(yaml, 2)
    expect(result.ok).toBe(false)
    expect(result.issues.map((i) => i.code)).toContain(code)
  })

  it('parses flow collections but reports them', () => {
    const result = parseFrontmatterYaml('allowed-tools: [Read, Write]\n', 2)
    expect(result.ok && result.frontmatter.data['allowed-tools']).toEqual(['Read', 'Write'])
    expect(result.issues.map((i) => [i.code, i.line])).toEqual([[SkillErrorCode.YamlFlowStyle, 2]])
  })

  it('keeps __proto__ as plain data without touching prototypes', () => {
    const result = parseFrontmatterYaml('__proto__:\n  polluted: yes\n', 2)
    expect(result.ok).toBe(true)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(result.ok && Object.getPrototypeOf(result.frontmatter.data)).toBe(null)
  })
})
