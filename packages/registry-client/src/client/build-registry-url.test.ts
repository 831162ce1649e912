import { isSkillshipError } from '@skillship/core/errors'
import { describe, expect, it } from 'vitest'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { routes } from '../wire/routes.js'
import { buildRegistryUrl } from './build-registry-url.js'
import { parseRegistryUrl } from './parse-registry-url.js'

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (isSkillshipError(error)) return error.code
    throw error
  }
  return undefined
}

describe('parseRegistryUrl', () => {
  it.each([
    ['not a URL', 'registry.example.com'],
    ['ftp', 'ftp://registry.example.com/'],
    ['file', 'file:///tmp/registry'],
    ['credentials', 'https://user:secret@registry.example.com/'],
  ])('refuses %s with REGISTRY_CONFIG_INVALID', (_label, text) => {
    expect(codeOf(() => parseRegistryUrl(text))).toBe(RegistryErrorCode.ConfigInvalid)
  })

  it('drops query and fragment of the base', () => {
    expect(parseRegistryUrl('https://r.example/x/?a=1#f').href).toBe('https://r.example/x/')
  })
})

describe('buildRegistryUrl', () => {
  it.each([
    ['https://r.example', '/v1/skills', 'https://r.example/v1/skills'],
    ['https://r.example/', '/v1/skills', 'https://r.example/v1/skills'],
    ['https://r.example/registry', '/v1/skills', 'https://r.example/registry/v1/skills'],
    ['https://r.example/registry/', '/v1/skills', 'https://r.example/registry/v1/skills'],
    ['https://r.example/a/b//', '/livez', 'https://r.example/a/b/livez'],
    [
      'http://127.0.0.1:4873/',
      routes.skill('a b/c?d#e'),
      'http://127.0.0.1:4873/v1/skills/a%20b%2Fc%3Fd%23e',
    ],
    [
      'https://r.example/',
      routes.tarball('pdf', '1.0.0+build.1'),
      'https://r.example/v1/skills/pdf/-/1.0.0%2Bbuild.1.tgz',
    ],
    [
      'https://r.example/',
      routes.distTag('pdf', 'next'),
      'https://r.example/v1/skills/pdf/dist-tags/next',
    ],
    // routes encodes the percent sign, so a literal "%2e%2e" id is not a dot segment.
    ['https://r.example/', routes.token('%2e%2e'), 'https://r.example/v1/tokens/%252e%252e'],
  ])('%s + %s = %s', (base, path, expected) => {
    expect(buildRegistryUrl(parseRegistryUrl(base), path).href).toBe(expected)
  })

  it('adds defined query parameters, encoded, and skips undefined ones', () => {
    const url = buildRegistryUrl(parseRegistryUrl('https://r.example/'), '/v1/skills', {
      q: 'pdf & docx',
      limit: 5,
      cursor: undefined,
    })
    expect(url.searchParams.get('q')).toBe('pdf & docx')
    expect(url.searchParams.get('limit')).toBe('5')
    expect(url.searchParams.has('cursor')).toBe(false)
  })

  it.each([
    ['name ..', routes.skill('..')],
    ['tag ..', routes.distTag('pdf', '..')],
    ['tag .', routes.distTag('pdf', '.')],
    ['version ..', routes.version('pdf', '..')],
    ['raw %2e%2e', '/v1/tokens/%2e%2e'],
  ])('refuses a dot segment (%s) that would address another route', (_label, path) => {
    const base = parseRegistryUrl('https://r.example/registry/')
    expect(codeOf(() => buildRegistryUrl(base, path))).toBe(RegistryErrorCode.BadRequest)
  })
})
