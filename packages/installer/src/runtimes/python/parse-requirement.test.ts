import { describe, expect, it } from 'vitest'
import { parseRequirement } from './requirements.js'

describe('parseRequirement', () => {
  it.each([
    ['requests', 'requests'],
    ['Zope.Interface', 'zope-interface'],
    ['Foo__Bar >= 1.0 , < 2', 'foo-bar<2,>=1.0'],
    ['foo (>=1,<2)', 'foo<2,>=1'],
    ['foo>=1,>=1', 'foo>=1'],
    ['foo[B, a,a]', 'foo[a,b]'],
    ['foo[]==1.0.*', 'foo==1.0.*'],
    ['foo===weird-1', 'foo===weird-1'],
    ['foo ~= 1.4.5rc1', 'foo~=1.4.5rc1'],
    ["foo;python_version<'3.8'", 'foo; python_version < "3.8"'],
    [
      'foo ; (os_name=="nt"  or sys_platform == "win32")and extra=="x"',
      'foo; (os_name == "nt" or sys_platform == "win32") and extra == "x"',
    ],
    ['foo; platform_machine not in "x86_64 arm64"', 'foo; platform_machine not in "x86_64 arm64"'],
    [
      'foo @ https://example.com/foo.whl ; os_name == "nt"',
      'foo @ https://example.com/foo.whl ; os_name == "nt"',
    ],
  ])('normalises %s', (text, normalised) => {
    const parsed = parseRequirement(text)
    expect(parsed.ok && parsed.requirement.text).toBe(normalised)
  })

  it.each([
    '',
    './local',
    'https://example.com/x.whl',
    'foo bar',
    'foo>=',
    'foo>=1.*',
    'foo~=3',
    'foo~=3.*',
    'foo<=1.0+local',
    'foo==1.0rc1.*',
    'foo>=latest',
    'foo[a',
    'foo; unknown_var == "1"',
    'foo; python_version',
    'foo; python_version < "3" and',
    'foo; (python_version < "3"',
    'foo @ not-a-url',
  ])('refuses %j', (text) => {
    expect(parseRequirement(text).ok).toBe(false)
  })
})
