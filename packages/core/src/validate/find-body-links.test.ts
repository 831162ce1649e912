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
})
