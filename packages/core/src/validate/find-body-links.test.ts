import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findBodyLinks } from './find-body-links.js'

describe('findBodyLinks', () => {
  it('finds relative links and images with their lines', () => {
    const body =
      'Intro\n[a](references/a.md) and ![img](assets/x%20y.png "title")\n[b](<docs/b c.md>)\n'
    expect(findBodyLinks(body, 10)).toEqual([
      { target: 'references/a.md', line: 11 },
      { target: 'assets/x y.png', line: 11 },
      { target: 'docs/b c.md', line: 12 },
    ])
  })

  it.each([
    ['URLs', '[x](https://example.com) [m](mailto:a@b.c)'],
    ['anchors', '[x](#section)'],
    ['absolute paths', '[x](/etc/passwd)'],
    ['placeholders', `[x](${'$'}{QODER_SKILL_DIR}/a.md) [y]({base}/b.md)`],
    ['code spans', '`[x](missing.md)`'],
    ['fenced blocks', '```md\n[x](missing.md)\n```'],
    ['tilde fences', '~~~\n[x](missing.md)\n~~~'],
  ])('ignores %s', (_label, body) => {
    expect(findBodyLinks(body, 1)).toEqual([])
  })

  it('strips fragments and queries', () => {
    expect(findBodyLinks('[x](ref.md#part) [y](a.md?raw=1)', 1).map((l) => l.target)).toEqual([
      'ref.md',
      'a.md',
    ])
  })
  // Work, not time: the regular expression used before retried the label from every `[`, so one
  // 1 MiB line of `[` (SKILL.md's size limit) took about (1 MiB)^2 / 2 steps: 40,000 took 2 s.
  it('reads a 1 MiB line of `[` followed by `](` (quadratic before: about 20 minutes)', () => {
    const body = `${'['.repeat(1024 * 1024)}](\n[x](a.md)\n`
    expect(findBodyLinks(body, 1)).toEqual([{ target: 'a.md', line: 2 }])
  })

  it('reads a 1 MiB line of `[](x` without a closing parenthesis', () => {
    expect(findBodyLinks(`${'[](x'.repeat(256 * 1024)}\n`, 1)).toEqual([])
    expect(findBodyLinks(`${'[](<x'.repeat(200 * 1024)}\n`, 1)).toEqual([])
    expect(findBodyLinks(`${'[](x "t'.repeat(150 * 1024)}\n`, 1)).toEqual([])
  })

  it('finds the links the CommonMark-like pattern finds, on any line', () => {
    const pattern = /!?\[[^\]]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g
    const chars = fc.constantFrom(...'[]()<>"\' ab!#.'.split(''))
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (list) => {
        const line = list.join('')
        const expected = [...line.matchAll(pattern)]
          .map((m) => m[1] ?? m[2] ?? '')
          .filter((t) => t !== '' && !t.startsWith('#') && t.split(/[#?]/, 1)[0] !== '')
          .map((t) => t.split(/[#?]/, 1)[0])
        expect(findBodyLinks(line, 1).map((l) => l.target)).toEqual(expected)
      }),
      { numRuns: 2000 },
    )
  })
})
