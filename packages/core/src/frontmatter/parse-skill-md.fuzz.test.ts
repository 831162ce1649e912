import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SkillshipError } from '../errors/skillship-error.js'
import { fixSkillMd } from '../fix/fix-skill-md.js'
import { validateSkill } from '../validate/validate-skill.js'
import { parseSkillMd } from './parse-skill-md.js'

const runs = 20_000

// Fragments real frontmatter is made of, including the hazards seen in the wild.
const key = fc.constantFrom(
  'name',
  'description',
  'license',
  'compatibility',
  'metadata',
  'allowed-tools',
  'version',
  '__proto__',
  'constructor',
  '? ',
  '- ',
  '',
)
const value = fc.oneof(
  fc.constantFrom(
    'demo',
    '"quoted: yes"',
    "'single'",
    '|-',
    '>-',
    '[a, b]',
    '{a: b}',
    '&a x',
    '*a',
    '!!js/function f',
    '!tag x',
    'a: b: c',
    '#comment',
    '---',
    '...',
    '"unterminated',
    '~',
    'null',
    '1.0',
    'яблоко',
    '技能',
    '\t',
    '',
  ),
  fc.string({ maxLength: 40 }),
)
const line = fc
  .tuple(fc.constantFrom('', '  ', '\t', '    '), key, fc.constantFrom(': ', ':', ' : ', ''), value)
  .map((parts) => parts.join(''))
const eol = fc.constantFrom('\n', '\r\n', '\r')
const nearValid = fc
  .tuple(fc.array(line, { maxLength: 12 }), eol, fc.string({ maxLength: 80 }), fc.boolean())
  .map(
    ([lines, newline, body, closed]) =>
      `---${newline}${lines.join(newline)}${newline}${closed ? '---' : ''}${newline}${body}`,
  )

function exercise(input: Uint8Array | string): void {
  try {
    const parsed = parseSkillMd(input)
    validateSkill(parsed, { directoryName: 'demo', files: new Set(['SKILL.md']) })
    fixSkillMd(parsed.text)
  } catch (error) {
    // The only acceptable failure is a coded error; anything else is a parser bug.
    expect(error).toBeInstanceOf(SkillshipError)
  }
}

describe('parseSkillMd under fuzzing', () => {
  it(`survives ${runs} random byte strings`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => exercise(bytes)),
      { numRuns: runs },
    )
  })

  it(`survives ${runs} random near-valid frontmatters`, () => {
    fc.assert(
      fc.property(nearValid, (text) => exercise(text)),
      { numRuns: runs },
    )
  })

  it(`survives ${runs} near-valid frontmatters as UTF-16 and with a BOM`, () => {
    const encoded = fc.tuple(nearValid, fc.constantFrom('bom', 'utf16le')).map(([text, kind]) => {
      if (kind === 'bom')
        return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
      const out = new Uint8Array(2 + text.length * 2)
      out[0] = 0xff
      out[1] = 0xfe
      for (let i = 0; i < text.length; i += 1)
        new DataView(out.buffer).setUint16(2 + i * 2, text.charCodeAt(i), true)
      return out
    })
    fc.assert(
      fc.property(encoded, (bytes) => exercise(bytes)),
      { numRuns: runs },
    )
  })

  it('does not hang on pathological YAML (deep nesting, long lines, many keys)', () => {
    const deep = `---\na:${' ['.repeat(2000)}\n---\n`
    const wide = `---\n${Array.from({ length: 5000 }, (_, i) => `k${i}: v`).join('\n')}\n---\n`
    const long = `---\ndescription: ${'x'.repeat(1_000_000)}\n---\n`
    // A hang fails on the test timeout; the parse times are measured in bench/lint.ts.
    for (const text of [deep, wide, long]) exercise(text)
  })
})
