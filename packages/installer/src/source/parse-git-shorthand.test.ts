import { describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { parseSourceSpec } from './create-sources.js'
import { isBareGitShorthand, publicGitHosts } from './parse-git-shorthand.js'

const hosts = { github: 'file:///srv/github/', gitlab: 'http://127.0.0.1:9418/gl' }
const typed = (text: string, gitHosts = hosts) =>
  parseSourceSpec(text, { cwd: '/work/project', gitHosts })
const git = (url: string, ref?: string, subpath?: string) => ({ kind: 'git', url, ref, subpath })

describe('git shorthands', () => {
  it.each([
    ['acme/skills', git('file:///srv/github/acme/skills')],
    ['acme/skills#v1.0.0', git('file:///srv/github/acme/skills', 'v1.0.0')],
    [
      'acme/skills#main&path=skills/pdf',
      git('file:///srv/github/acme/skills', 'main', 'skills/pdf'),
    ],
    ['github:acme/skills.git', git('file:///srv/github/acme/skills.git')],
    [
      'gitlab:group/sub/skills#path=x',
      git('http://127.0.0.1:9418/gl/group/sub/skills', undefined, 'x'),
    ],
    ['https://github.com/acme/skills', git('file:///srv/github/acme/skills')],
    [
      'https://github.com/acme/skills/tree/main/skills/pdf',
      git('file:///srv/github/acme/skills', 'main', 'skills/pdf'),
    ],
    ['https://www.github.com/acme/skills/tree/v2', git('file:///srv/github/acme/skills', 'v2')],
    [
      'https://gitlab.com/group/sub/skills/-/tree/main/skills/pdf',
      git('http://127.0.0.1:9418/gl/group/sub/skills', 'main', 'skills/pdf'),
    ],
    [
      'https://git.example.com/acme/skills/tree/main/a%20b',
      git('https://git.example.com/acme/skills', 'main', 'a b'),
    ],
    [
      'https://git.example.com/acme/skills.git#v1',
      git('https://git.example.com/acme/skills.git', 'v1'),
    ],
  ])('reads %s', (text, expected) => {
    expect(typed(text)).toEqual(expected)
  })

  it('points at github.com and gitlab.com by default', () => {
    expect(typed('acme/skills', publicGitHosts)).toEqual(git('https://github.com/acme/skills'))
    expect(typed('gitlab:acme/skills', publicGitHosts)).toEqual(
      git('https://gitlab.com/acme/skills'),
    )
  })

  it.each([
    ['./acme/skills', { kind: 'directory', path: '/work/project/acme/skills', link: false }],
    ['../acme/skills', { kind: 'directory', path: '/work/acme/skills', link: false }],
    ['/abs/acme/skills', { kind: 'directory', path: '/abs/acme/skills', link: false }],
    ['acme/skills.tgz', { kind: 'archive', location: '/work/project/acme/skills.tgz' }],
    [
      'https://github.com/acme/skills/pdf.zip',
      { kind: 'archive', location: 'https://github.com/acme/skills/pdf.zip' },
    ],
    ['pdf', { kind: 'registry', name: 'pdf', range: 'latest' }],
  ])('keeps paths, archives and registry names as they were: %s', (text, expected) => {
    expect(typed(text)).toEqual(expected)
  })

  it('tells the bare form from paths', () => {
    expect(isBareGitShorthand('acme/skills#main')).toBe(true)
    expect(isBareGitShorthand('./acme/skills')).toBe(false)
    expect(isBareGitShorthand('acme/skills/pdf')).toBe(false)
    expect(isBareGitShorthand('acme')).toBe(false)
  })

  it('is not read from skillship.json values (no hosts given)', () => {
    expect(() => parseSourceSpec('github:acme/skills', { cwd: '/w' })).toThrow()
    expect(() => parseSourceSpec('https://github.com/acme/skills', { cwd: '/w' })).toThrow()
  })

  it.each([
    'github:acme',
    'github:../etc',
    'gitlab:group/../../x',
    'https://github.com/acme/skills/tree/main#v1',
    'https://github.com/acme/skills/tree/main/x#path=y',
    'https://github.com/acme/skills/tree/main/a%2F..%2F..%2Fetc',
    'https://github.com/acme/skills/tree/--upload-pack=x',
    'https://github.com/acme/skills?x=1',
    'https://git.example.com/acme/skills/tree/main/%E0%A4%A',
    'acme/skills#main&depth=1',
    'http://example.com/acme/skills',
  ])('refuses %s with INSTALL_SPEC_INVALID', (text) => {
    expect(() => typed(text)).toThrowError(
      expect.objectContaining({ code: InstallErrorCode.SpecInvalid }),
    )
  })
})
