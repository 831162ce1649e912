import { describe, expect, it } from 'vitest'
import { skillMd, validFrontmatter } from '../../test/skill-md-builder.js'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { parseSkillMd } from '../frontmatter/parse-skill-md.js'
import type { SkillContext } from './validate-skill.js'
import { validateSkill } from './validate-skill.js'

const context: SkillContext = { directoryName: 'demo-skill', files: new Set(['SKILL.md']) }

function codesOf(text: string, ctx: SkillContext = context) {
  const result = validateSkill(parseSkillMd(text), ctx)
  return {
    ok: result.ok,
    errors: result.issues.filter((i) => i.severity === 'error').map((i) => i.code),
    warnings: result.issues.filter((i) => i.severity === 'warning').map((i) => i.code),
  }
}

describe('validateSkill: the reference validator rules (errors)', () => {
  it.each([
    ['unknown top-level key', validFrontmatter('version: 1.0.0'), SkillErrorCode.FieldUnknown],
    ['missing name', 'description: x', SkillErrorCode.NameMissing],
    [
      'empty name',
      validFrontmatter().replace('name: demo-skill', 'name: ""'),
      SkillErrorCode.NameEmpty,
    ],
    [
      'non-string name',
      validFrontmatter().replace('name: demo-skill', 'name:\n  - a'),
      SkillErrorCode.NameEmpty,
    ],
    [
      'name over 64 code points',
      validFrontmatter().replace('demo-skill', 'a'.repeat(65)),
      SkillErrorCode.NameTooLong,
    ],
    [
      'uppercase name',
      validFrontmatter().replace('demo-skill', 'Demo-Skill'),
      SkillErrorCode.NameNotLowercase,
    ],
    [
      'Unicode uppercase name',
      validFrontmatter().replace('demo-skill', 'НАВЫК'),
      SkillErrorCode.NameNotLowercase,
    ],
    [
      'leading hyphen',
      validFrontmatter().replace('demo-skill', '-demo'),
      SkillErrorCode.NameHyphenEdge,
    ],
    [
      'trailing hyphen',
      validFrontmatter().replace('demo-skill', 'demo-'),
      SkillErrorCode.NameHyphenEdge,
    ],
    [
      'consecutive hyphens',
      validFrontmatter().replace('demo-skill', 'demo--skill'),
      SkillErrorCode.NameConsecutiveHyphens,
    ],
    [
      'underscore',
      validFrontmatter().replace('demo-skill', 'demo_skill'),
      SkillErrorCode.NameInvalidChars,
    ],
    [
      'slash in name',
      validFrontmatter().replace('demo-skill', '"../demo"'),
      SkillErrorCode.NameInvalidChars,
    ],
    [
      'name differs from directory',
      validFrontmatter().replace('demo-skill', 'other-skill'),
      SkillErrorCode.NameDirectoryMismatch,
    ],
    ['missing description', 'name: demo-skill', SkillErrorCode.DescriptionMissing],
    ['empty description', 'name: demo-skill\ndescription: "  "', SkillErrorCode.DescriptionEmpty],
    [
      'description over 1024 code points',
      `name: demo-skill\ndescription: ${'d'.repeat(1025)}`,
      SkillErrorCode.DescriptionTooLong,
    ],
    [
      'non-string compatibility',
      validFrontmatter('compatibility:\n  os: linux'),
      SkillErrorCode.CompatibilityNotString,
    ],
    [
      'compatibility over 500',
      validFrontmatter(`compatibility: ${'c'.repeat(501)}`),
      SkillErrorCode.CompatibilityTooLong,
    ],
    [
      'metadata not a mapping',
      validFrontmatter('metadata: text'),
      SkillErrorCode.MetadataNotMapping,
    ],
    ['flow style', validFrontmatter('allowed-tools: [Read, Write]'), SkillErrorCode.YamlFlowStyle],
    ['duplicate key', validFrontmatter('name: demo-skill'), SkillErrorCode.YamlDuplicateKey],
    ['anchor', validFrontmatter('license: &l MIT\ncompatibility: *l'), SkillErrorCode.YamlAnchor],
    ['tag', validFrontmatter('license: !!python/object:os.system x'), SkillErrorCode.YamlTag],
    ['unquoted colon', 'name: demo-skill\ndescription: Use it: always', SkillErrorCode.YamlInvalid],
    ['frontmatter not a mapping', '- a\n- b', SkillErrorCode.FrontmatterNotMapping],
  ])('%s', (_label, frontmatter, code) => {
    const result = codesOf(skillMd(frontmatter))
    expect(result.ok).toBe(false)
    expect(result.errors).toContain(code)
  })

  it.each([
    ['no frontmatter', '# Just markdown\n', SkillErrorCode.FrontmatterMissing],
    ['unclosed frontmatter', '---\nname: demo-skill\n', SkillErrorCode.FrontmatterUnclosed],
    ['Windows symlink pointer file', '../shared/SKILL.md', SkillErrorCode.SkillMdPointer],
  ])('%s', (_label, text, code) => {
    expect(codesOf(text).errors).toEqual([code])
  })

  it('collects every issue instead of stopping at the first', () => {
    const result = codesOf(skillMd(`name: Bad--Name-\nextra: 1`))
    expect(result.errors).toEqual(
      expect.arrayContaining([
        SkillErrorCode.FieldUnknown,
        SkillErrorCode.NameNotLowercase,
        SkillErrorCode.NameHyphenEdge,
        SkillErrorCode.NameConsecutiveHyphens,
        SkillErrorCode.NameDirectoryMismatch,
        SkillErrorCode.DescriptionMissing,
      ]),
    )
  })
})

describe('validateSkill: what the reference validator accepts', () => {
  it.each([
    ['a minimal skill', validFrontmatter()],
    [
      'every spec field',
      validFrontmatter(
        'license: Apache-2.0\ncompatibility: Requires git\nallowed-tools: Bash(git:*) Read\nmetadata:\n  author: me\n  version: "1.0.0"',
      ),
    ],
    ['a folded description', 'name: demo-skill\ndescription: >-\n  Folded over\n  two lines.'],
    ['a quoted description with colons', 'name: demo-skill\ndescription: "Use it: always"'],
    [
      'a name padded with spaces',
      validFrontmatter().replace('name: demo-skill', 'name: "  demo-skill "'),
    ],
    [
      'a description of exactly 1024 code points of emoji',
      `name: demo-skill\ndescription: ${'😀'.repeat(1024)}`,
    ],
    [
      'an empty compatibility (passes the reference validator)',
      validFrontmatter('compatibility: ""'),
    ],
    ['allowed-tools as a block list', validFrontmatter('allowed-tools:\n  - Read\n  - Write')],
    [
      'nested metadata (coerced by the reference validator)',
      validFrontmatter('metadata:\n  hermes:\n    tags: x'),
    ],
  ])('%s', (_label, frontmatter) => {
    expect(codesOf(skillMd(frontmatter)).errors).toEqual([])
  })

  it.each([
    ['技能', '技能'],
    ['мой-навык', 'мой-навык'],
    ['café (NFC name, NFD directory)', 'café'],
  ])('accepts the Unicode lowercase name %s', (_label, name) => {
    const result = codesOf(skillMd(`name: ${name}\ndescription: x`), {
      directoryName: name.normalize('NFD'),
    })
    expect(result.errors).toEqual([])
    expect(result.warnings).toContain(SkillErrorCode.NameNonAscii)
  })

  it('reads an unquoted numeric name as the string the reference validator sees', () => {
    expect(
      codesOf(skillMd('name: 2048\ndescription: x'), { directoryName: '2048' }).errors,
    ).toEqual([])
  })

  it('skips the directory check when there is no directory name', () => {
    expect(codesOf(skillMd(validFrontmatter()), {}).errors).toEqual([])
  })
})

describe('validateSkill: warnings beyond the reference validator', () => {
  it.each([
    [
      'multi-line description',
      'name: demo-skill\ndescription: |\n  line one\n  line two',
      SkillErrorCode.DescriptionMultiline,
    ],
    [
      'XML tag in description',
      'name: demo-skill\ndescription: Use <b>bold</b> moves',
      SkillErrorCode.DescriptionXmlTag,
    ],
    [
      'reserved word in name',
      'name: claude-helper\ndescription: x',
      SkillErrorCode.NameReservedWord,
    ],
    [
      'empty compatibility',
      validFrontmatter('compatibility: ""'),
      SkillErrorCode.CompatibilityEmpty,
    ],
    [
      'non-string metadata value',
      validFrontmatter('metadata:\n  tags:\n    - a'),
      SkillErrorCode.MetadataValueNotString,
    ],
    [
      'non-semver metadata.version',
      validFrontmatter('metadata:\n  version: "1.0"'),
      SkillErrorCode.VersionInvalid,
    ],
    [
      'allowed-tools as a list',
      validFrontmatter('allowed-tools:\n  - Read'),
      SkillErrorCode.AllowedToolsFormat,
    ],
    ['license as a list', validFrontmatter('license:\n  - MIT'), SkillErrorCode.LicenseNotString],
    [
      'license file missing',
      validFrontmatter('license: Proprietary. LICENSE.txt has complete terms'),
      SkillErrorCode.LicenseFileMissing,
    ],
    [
      'short-description over 500',
      validFrontmatter(`metadata:\n  short-description: ${'s'.repeat(501)}`),
      SkillErrorCode.ShortDescriptionTooLong,
    ],
  ])('%s', (label, frontmatter, code) => {
    const name = label === 'reserved word in name' ? 'claude-helper' : 'demo-skill'
    const result = codesOf(skillMd(frontmatter), { ...context, directoryName: name })
    expect(result.errors).toEqual([])
    expect(result.warnings).toContain(code)
  })

  it('warns on a body over 500 lines and about 5000 tokens', () => {
    const body = `${'word '.repeat(8).concat('\n').repeat(600)}`
    const result = codesOf(skillMd(validFrontmatter(), body))
    expect(result.warnings).toEqual(expect.arrayContaining([SkillErrorCode.BodyTooManyLines]))
    const long = codesOf(skillMd(validFrontmatter(), 'x'.repeat(25_000)))
    expect(long.warnings).toContain(SkillErrorCode.BodyTooManyTokens)
  })

  it('warns on broken relative links and links leaving the skill, with their lines', () => {
    const body =
      '# T\n\nSee [ref](references/REF.md), [ok](SKILL.md), [up](../x.md), [web](https://x.dev).\n'
    const result = validateSkill(parseSkillMd(skillMd(validFrontmatter(), body)), context)
    const links = result.issues.filter(
      (i) => i.code === SkillErrorCode.LinkBroken || i.code === SkillErrorCode.LinkOutsideSkill,
    )
    expect(links.map((i) => [i.code, i.line])).toEqual([
      [SkillErrorCode.LinkBroken, 7],
      [SkillErrorCode.LinkOutsideSkill, 7],
    ])
  })

  it('warns on a BOM, UTF-16, GB18030 and CRLF SKILL.md but still validates it', () => {
    const text = skillMd(validFrontmatter())
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
    expect(validateSkill(parseSkillMd(bom), context).issues.map((i) => i.code)).toEqual([
      SkillErrorCode.EncodingBom,
    ])
    const crlf = validateSkill(parseSkillMd(text.replace(/\n/g, '\r\n')), context)
    expect(crlf.ok).toBe(true)
    expect(crlf.issues.map((i) => i.code)).toEqual([SkillErrorCode.LineEndings])
  })

  it('reports the SKILL.md line of each field issue', () => {
    const result = validateSkill(parseSkillMd(skillMd('description: x\nname: Bad')), context)
    expect(result.issues.find((i) => i.code === SkillErrorCode.NameNotLowercase)?.line).toBe(3)
  })
})

describe('validateSkill: properties', () => {
  it('returns the spec fields with metadata.version', () => {
    const text = skillMd(
      validFrontmatter('license: MIT\nmetadata:\n  version: "2.1.0"\n  __proto__: x'),
    )
    const { properties } = validateSkill(parseSkillMd(text), context)
    expect(properties).toMatchObject({ name: 'demo-skill', license: 'MIT', version: '2.1.0' })
    expect(Object.getPrototypeOf(properties?.metadata)).toBe(null)
    expect(Object.getOwnPropertyDescriptor(properties?.metadata, '__proto__')?.value).toBe('x')
  })
})
