import { isSkillshipError } from '@skillship/core/errors'
import { describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { parseSourceSpec } from './create-sources.js'
import { formatSourceSpec } from './format-source-spec.js'
import type { SkillSourceSpec } from './skill-source-spec.js'

const cwd = '/work/project'

describe('parseSourceSpec', () => {
  it.each<[string, string | undefined, SkillSourceSpec]>([
    ['pdf@^1.2.0', undefined, { kind: 'registry', name: 'pdf', range: '^1.2.0' }],
    ['pdf@latest', undefined, { kind: 'registry', name: 'pdf', range: 'latest' }],
    ['pdf@1.2.3', undefined, { kind: 'registry', name: 'pdf', range: '1.2.3' }],
    ['pdf-tools@>=1 <2', undefined, { kind: 'registry', name: 'pdf-tools', range: '>=1 <2' }],
    ['pdf', undefined, { kind: 'registry', name: 'pdf', range: 'latest' }],
    ['^1.2.0', 'pdf', { kind: 'registry', name: 'pdf', range: '^1.2.0' }],
    ['beta', 'pdf', { kind: 'registry', name: 'pdf', range: 'beta' }],
    ['1.2.3-rc.1', 'pdf', { kind: 'registry', name: 'pdf', range: '1.2.3-rc.1' }],
    ['*', 'pdf', { kind: 'registry', name: 'pdf', range: '*' }],
    ['file:./skills/pdf', undefined, { kind: 'directory', path: `${cwd}/skills/pdf`, link: false }],
    ['file:/abs/pdf', 'pdf', { kind: 'directory', path: '/abs/pdf', link: false }],
    ['./skills/pdf/', undefined, { kind: 'directory', path: `${cwd}/skills/pdf`, link: false }],
    ['../pdf', undefined, { kind: 'directory', path: '/work/pdf', link: false }],
    ['link:./skills/pdf', undefined, { kind: 'directory', path: `${cwd}/skills/pdf`, link: true }],
    ['./pdf.tgz', undefined, { kind: 'archive', location: `${cwd}/pdf.tgz` }],
    ['pdf.tar.gz', undefined, { kind: 'archive', location: `${cwd}/pdf.tar.gz` }],
    ['file:/abs/pdf.zip', 'pdf', { kind: 'archive', location: '/abs/pdf.zip' }],
    [
      'https://example.com/skills/pdf.zip?sig=1',
      undefined,
      { kind: 'archive', location: 'https://example.com/skills/pdf.zip?sig=1' },
    ],
    [
      'http://127.0.0.1:8080/pdf.tgz',
      undefined,
      { kind: 'archive', location: 'http://127.0.0.1:8080/pdf.tgz' },
    ],
    [
      'git+https://github.com/acme/skills.git#v1.0.0&path=skills/pdf',
      undefined,
      {
        kind: 'git',
        url: 'https://github.com/acme/skills.git',
        ref: 'v1.0.0',
        subpath: 'skills/pdf',
      },
    ],
    [
      'git+https://github.com/acme/skills.git#path=./skills/pdf/',
      'pdf',
      {
        kind: 'git',
        url: 'https://github.com/acme/skills.git',
        ref: undefined,
        subpath: 'skills/pdf',
      },
    ],
    [
      'git+file:///srv/repo#main',
      undefined,
      { kind: 'git', url: 'file:///srv/repo', ref: 'main', subpath: undefined },
    ],
    [
      'git+ssh://git@github.com/acme/pdf.git',
      undefined,
      { kind: 'git', url: 'ssh://git@github.com/acme/pdf.git', ref: undefined, subpath: undefined },
    ],
    [
      'git+ssh://git@github.com:acme/pdf.git#feature/x',
      undefined,
      { kind: 'git', url: 'git@github.com:acme/pdf.git', ref: 'feature/x', subpath: undefined },
    ],
  ])('%s (name %s)', (text, name, expected) => {
    const spec = parseSourceSpec(text, { cwd, name })
    expect(spec).toEqual(expected)
    // The formatted text stands alone (`name@range`), as on the command line.
    expect(parseSourceSpec(formatSourceSpec(spec), { cwd: '/elsewhere' })).toEqual(spec)
  })

  it.each<[string, string | undefined]>([
    ['', undefined],
    ['   ', undefined],
    ['Pdf@1.0.0', undefined],
    ['pdf@', undefined],
    ['pdf@not a range!', undefined],
    ['pdf--tools', undefined],
    ['~/skills/pdf', undefined],
    ['^1.0.0', undefined],
    ['hello world', 'pdf'],
    ['^1.0.0', 'Not A Name'],
    ['file:', undefined],
    ['link:./pdf.tgz', undefined],
    ['https://example.com/skills/pdf', undefined],
    ['http://example.com/pdf.tgz', undefined],
    ['https://user:secret@example.com/pdf.tgz', undefined],
    ['ftp://example.com/pdf.tgz', undefined],
    ['github:acme/pdf', undefined],
    ['git+ftp://example.com/repo.git', undefined],
    ['git+http://example.com/repo.git', undefined],
    ['git+https://token:x@github.com/acme/repo.git', undefined],
    ['git+https://github.com/acme/repo.git#--upload-pack=evil', undefined],
    ['git+https://github.com/acme/repo.git#v1&v2', undefined],
    ['git+https://github.com/acme/repo.git#main&depth=1', undefined],
    ['git+https://github.com/acme/repo.git#main&path=../etc', undefined],
    ['git+https://github.com/acme/repo.git#main&path=/etc', undefined],
    ['git+https://github.com/acme/repo.git#main&path=a/../../b', undefined],
    ['git+https://github.com/acme/repo.git#HEAD~1', undefined],
    ['git+file://server/share/repo', undefined],
    ['git+not a url', undefined],
  ])('refuses %j (name %s) with INSTALL_SPEC_INVALID', (text, name) => {
    let caught: unknown
    try {
      parseSourceSpec(text, { cwd, name })
    } catch (error) {
      caught = error
    }
    expect(isSkillshipError(caught) && caught.code).toBe(InstallErrorCode.SpecInvalid)
    expect(isSkillshipError(caught) && caught.hint).toBeTruthy()
  })
})
