import { isSkillshipError } from '@skillship/core/errors'
import { describe, expect, it } from 'vitest'
import { matchesSpecifier, parseSpecifierSet } from './pep440-specifier.js'
import { comparePep440Versions, formatSpecifierClause, parsePep440Version } from './requirements.js'

// Expectations generated with pip's vendored `packaging` (SpecifierSet.contains, prereleases=True).
const cases: readonly [version: string, specifier: string, matches: boolean][] = [
  ['3.11.7', '>=3.8', true],
  ['3.11.7', '>=3.12', false],
  ['3.11.7', '<3.11', false],
  ['3.10.13', '<3.11', true],
  ['3.11.7', '==3.11.7', true],
  ['3.11.7', '==3.11', false],
  ['3.11.0', '==3.11', true],
  ['3.11.7', '==3.*', true],
  ['3.11.7', '==3.11.*', true],
  ['3.11.7', '==3.1.*', false],
  ['3.1.5', '==3.1.*', true],
  ['3', '==3.0.*', true],
  ['3.9.18', '!=3.9.*', false],
  ['3.10.1', '!=3.9.*', true],
  ['3.11.7', '!=3.11.7', false],
  ['3.11.7', '!=3.11.6', true],
  ['2.2.5', '~=2.2', true],
  ['3.0', '~=2.2', false],
  ['2.2.1', '~=2.2.1', true],
  ['2.3.0', '~=2.2.1', false],
  ['2.2.0', '~=2.2.1', false],
  ['1.1', '~=1.0', true],
  ['2.0', '~=1.0', false],
  ['3.11.7', '>=3.8,<4', true],
  ['3.11.7', '>= 3.8 , < 3.11', false],
  ['3.11.7', '>=3.8,', true],
  ['3.11.7', '<=3.11.7', true],
  ['3.11.8', '<=3.11.7', false],
  ['3.11.7', '>3.11', true],
  ['3.11.7', '>3.11.7', false],
  ['1.7.post1', '>1.7', false],
  ['1.7.1', '>1.7', true],
  ['1.7.post2', '>1.7.post1', true],
  ['1.7+local', '>1.7', false],
  ['3.0rc1', '<3.0', false],
  ['2.9', '<3.0', true],
  ['3.0a1', '<3.0rc1', true],
  ['1.0+abc', '==1.0', true],
  ['1.0', '==1.0+abc', false],
  ['1.0+abc', '==1.0+abc', true],
  ['1.0+abc', '<=1.0', true],
  ['1.0.dev1', '<1.0', false],
  ['1.0a1', '>=1.0.dev1', true],
  ['1!1.0', '>=2.0', true],
  ['1!1.0', '==1!1.*', true],
  ['3.11.7', '===3.11.7', true],
  ['3.11.7', '===3.11', false],
  ['foobar', '===foobar', true],
  ['foobar', '>=1', false],
  ['3.13.0', '>=3.9', true],
  ['3.6.15', '>=3.6,!=3.7.*', true],
  ['3.7.16', '>=3.6,!=3.7.*', false],
  ['1.0-RC1', '==1.0rc1', true],
  ['1.0.post0', '==1.0-0', true],
  ['v1.0', '==1.0', true],
  ['1.0', '', true],
]

describe('matchesSpecifier', () => {
  it.each(cases)('%s against "%s" is %s', (version, specifier, matches) => {
    expect(matchesSpecifier(version, specifier)).toBe(matches)
  })

  it.each([
    '>=3.*',
    '~=3',
    '~=3.*',
    '3.8',
    '>=',
    '=>3.8',
    '<=1.0+abc',
    '>=abc',
    '==3.*.1',
    '>=3.8 <4',
  ])('refuses "%s" with RUNTIME_DECLARATION_INVALID', (specifier) => {
    let caught: unknown
    try {
      matchesSpecifier('3.11.7', specifier)
    } catch (error) {
      caught = error
    }
    expect(isSkillshipError(caught) && caught.code).toBe('RUNTIME_DECLARATION_INVALID')
  })
})

describe('parseSpecifierSet', () => {
  it('reads clauses without spaces and skips empty parts, as packaging does', () => {
    const parsed = parseSpecifierSet(' >= 3.9 , <4,, ')
    expect(parsed.ok && parsed.value.map(formatSpecifierClause)).toEqual(['>=3.9', '<4'])
    expect(parseSpecifierSet('')).toEqual({ ok: true, value: [] })
  })

  it.each([
    ['~=3', '~= needs at least two release numbers'],
    ['>=3.*', 'a wildcard is only allowed with == and !='],
    ['<=1.0+abc', 'a local version is only allowed with == and !='],
    ['>=abc', "'abc' is not a PEP 440 version"],
    ['3.8', "'3.8' is not a version clause"],
  ])('says what is wrong with "%s"', (specifier, problem) => {
    const parsed = parseSpecifierSet(specifier)
    expect(parsed.ok ? undefined : parsed.problem).toContain(problem)
  })
})

describe('comparePep440Versions', () => {
  it('orders versions as PEP 440 does', () => {
    const ordered = [
      '1.0.dev1',
      '1.0a1.dev1',
      '1.0a1',
      '1.0a2',
      '1.0b1',
      '1.0rc1',
      '1.0',
      '1.0+abc',
      '1.0+abc.5',
      '1.0+5',
      '1.0.post1.dev1',
      '1.0.post1',
      '1.1',
      '1!0.1',
    ]
    const parsed = ordered.map((text) => parsePep440Version(text))
    const sorted = [...parsed].sort((a, b) => {
      if (a === undefined || b === undefined) throw new Error('unparsed')
      return comparePep440Versions(a, b)
    })
    expect(sorted).toEqual(parsed)
  })

  it('treats trailing zeros as equal and rejects non-versions', () => {
    const [a, b] = [parsePep440Version('1.0'), parsePep440Version('1.0.0')]
    expect(a && b && comparePep440Versions(a, b)).toBe(0)
    expect(parsePep440Version('1.0-foo')).toBeUndefined()
  })
})
