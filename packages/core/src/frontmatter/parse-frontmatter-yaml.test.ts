import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { defaultFrontmatterLimits } from './frontmatter-limits.js'
import { parseFrontmatterYaml } from './parse-frontmatter-yaml.js'

// `count` keys under `metadata`, one per line: the shape of the 30,000-key publish of issue 15.
function metadataKeys(count: number, last = ''): string {
  const lines = ['name: demo', 'description: d', 'metadata:']
  for (let index = 0; index < count; index++) lines.push(`  k${index}: v`)
  if (last !== '') lines.push(last)
  return `${lines.join('\n')}\n`
}

const codes = (result: { issues: readonly { code: string }[] }) => result.issues.map((i) => i.code)

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

describe('parseFrontmatterYaml bounds the work before the YAML is composed', () => {
  it('refuses a 30,000-key frontmatter by its size, and names the line', () => {
    const result = parseFrontmatterYaml(metadataKeys(30_000), 2)
    expect(result.ok).toBe(false)
    expect(result.issues.map((i) => [i.code, i.line])).toEqual([
      [SkillErrorCode.FrontmatterTooLarge, 2],
    ])
  })

  it('accepts as many keys and list items as the limit, and refuses one more', () => {
    const { maxEntries } = defaultFrontmatterLimits
    // name, description, metadata and the metadata keys are all entries.
    const fits = parseFrontmatterYaml(metadataKeys(maxEntries - 3), 2)
    expect(fits.ok).toBe(true)
    const over = parseFrontmatterYaml(metadataKeys(maxEntries - 3, 'tools:\n  - Read'), 2)
    expect(over.ok).toBe(false)
    expect(codes(over)).toEqual([SkillErrorCode.FrontmatterTooManyKeys])
  })

  it('counts entries of flow collections too', () => {
    const items = Array.from({ length: defaultFrontmatterLimits.maxEntries }, (_, i) => `t${i}`)
    const result = parseFrontmatterYaml(`name: demo\ntools: [${items.join(', ')}]\n`, 2)
    expect(codes(result)).toEqual([SkillErrorCode.FrontmatterTooManyKeys])
  })

  // Work, not time: the quadratic check made 1.8e9 key comparisons here (over 80 s in the server).
  it('finds a duplicate among 60,000 keys with the limits lifted', () => {
    const limits = { maxBytes: Number.POSITIVE_INFINITY, maxEntries: Number.POSITIVE_INFINITY }
    const result = parseFrontmatterYaml(metadataKeys(60_000, '  k59999: again'), 2, limits)
    expect(result.issues.map((i) => [i.code, i.line])).toEqual([
      [SkillErrorCode.YamlDuplicateKey, 2 + 3 + 60_000],
    ])
  })

  it('reports duplicates in nested and flow mappings, and allows equal keys in sibling maps', () => {
    expect(codes(parseFrontmatterYaml('m:\n  a: 1\n  b: 2\n  a: 3\n', 2))).toEqual([
      SkillErrorCode.YamlDuplicateKey,
    ])
    expect(codes(parseFrontmatterYaml('m: {a: 1, a: 2}\n', 2))).toContain(
      SkillErrorCode.YamlDuplicateKey,
    )
    const siblings = parseFrontmatterYaml('a:\n  k: 1\nb:\n  k: 2\nk: 3\n', 2)
    expect(siblings.ok && siblings.issues).toEqual([])
  })
  it('accepts nesting up to the depth limit and refuses one level more, block or flow', () => {
    const { maxDepth } = defaultFrontmatterLimits
    const block = (depth: number) =>
      Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}k${level}:`).join('\n')
    expect(parseFrontmatterYaml(`${block(maxDepth)} v\n`, 2).ok).toBe(true)
    expect(codes(parseFrontmatterYaml(`${block(maxDepth + 1)} v\n`, 2))).toEqual([
      SkillErrorCode.FrontmatterTooDeep,
    ])
    const flow = `a: ${'['.repeat(maxDepth)}${']'.repeat(maxDepth)}\n`
    expect(codes(parseFrontmatterYaml(flow, 2))).toEqual([SkillErrorCode.FrontmatterTooDeep])
  })

  it('refuses 20,000 nested brackets by depth, before the composer recurses into them', () => {
    const result = parseFrontmatterYaml(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 2)
    expect(result.issues.map((i) => [i.code, i.line])).toEqual([
      [SkillErrorCode.FrontmatterTooDeep, 2],
    ])
  })
})
