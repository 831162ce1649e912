import { describe, expect, it } from 'vitest'
import { requirementsTxtLines } from './requirements-txt-lines.js'

describe('requirementsTxtLines', () => {
  it('joins continuations, drops comments and blank lines, keeps line numbers', () => {
    const text = [
      '# header',
      '',
      'a>=1 # why',
      'b>=1,\\',
      '<2',
      'c \\',
      '# a comment ends the continuation',
      'url @ https://x/y#frag',
      'last\\',
    ].join('\n')
    expect(requirementsTxtLines(`\uFEFF${text}`)).toEqual([
      { line: 3, text: 'a>=1' },
      { line: 4, text: 'b>=1,<2' },
      { line: 6, text: 'c' },
      { line: 8, text: 'url @ https://x/y#frag' },
      { line: 9, text: 'last' },
    ])
  })
})
