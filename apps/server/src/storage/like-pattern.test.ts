import { describe, expect, it } from 'vitest'
import { containsLikePattern, escapeLike, globToLikePattern } from './like-pattern.js'

describe('like patterns', () => {
  it.each([
    ['plain', 'plain'],
    ['100%', '100\\%'],
    ['snake_case', 'snake\\_case'],
    ['C:\\temp', 'C:\\\\temp'],
    ['%_\\', '\\%\\_\\\\'],
  ])('escapes %j', (text, escaped) => {
    expect(escapeLike(text)).toBe(escaped)
  })

  it('wraps a substring in %', () => {
    expect(containsLikePattern('a_b')).toBe('%a\\_b%')
    expect(containsLikePattern('')).toBe('%%')
  })

  it.each([
    ['*', '%'],
    ['team-*', 'team-%'],
    ['*-secret', '%-secret'],
    ['a*b*', 'a%b%'],
    ['team_*', 'team\\_%'],
    ['100%', '100\\%'],
    ['exact', 'exact'],
  ])('turns the glob %j into %j', (glob, pattern) => {
    expect(globToLikePattern(glob)).toBe(pattern)
  })
})
