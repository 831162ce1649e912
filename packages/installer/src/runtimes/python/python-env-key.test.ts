import { describe, expect, it } from 'vitest'
import { normalizeLockedPackages, normalizeRequirement, pythonEnvKey } from './python-env.js'
import { normalizePackageName } from './requirements.js'

describe('normalizePackageName', () => {
  it.each([
    ['Foo_Bar', 'foo-bar'],
    ['foo...bar', 'foo-bar'],
    ['Foo.-_Bar', 'foo-bar'],
    [' PyYAML ', 'pyyaml'],
    ['typing_extensions', 'typing-extensions'],
  ])('%s -> %s', (name, normalised) => {
    expect(normalizePackageName(name)).toBe(normalised)
  })
})

describe('normalizeRequirement', () => {
  it.each([
    ['Foo_Bar >= 1, <2', 'foo-bar<2,>=1'],
    ['requests[Security,socks] ==2.31', 'requests[security,socks]==2.31'],
    ['requests [socks, Security]', 'requests[security,socks]'],
    ["pkg (>=1.0) ; python_version < '3.9'", 'pkg>=1.0; python_version < "3.9"'],
    ['pkg @ https://example.com/pkg-1.0.whl', 'pkg @ https://example.com/pkg-1.0.whl'],
    ['./local/pkg', './local/pkg'],
    ['./my local/pkg', './mylocal/pkg'],
  ])('%s -> %s', (requirement, normalised) => {
    expect(normalizeRequirement(requirement)).toBe(normalised)
  })

  it('leaves what discovery wrote unchanged, so a key does not depend on who normalised first', () => {
    for (const text of [
      'foo-bar<2,>=1',
      'pkg>=1.0; python_version < "3.9"',
      'pkg @ https://x/y.whl',
    ]) {
      expect(normalizeRequirement(normalizeRequirement(text))).toBe(normalizeRequirement(text))
      expect(normalizeRequirement(text)).toBe(text)
    }
  })
})

describe('pythonEnvKey', () => {
  const base = { interpreterVersion: '3.11.7', requirements: ['Requests>=2', 'pkgx==1.0'] }

  it('is 32 hex digits and ignores order, spelling and duplicates', () => {
    const key = pythonEnvKey(base)
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    const respelled = ['pkgx == 1.0', 'requests >= 2', 'PKGX==1.0']
    expect(pythonEnvKey({ ...base, requirements: respelled })).toBe(key)
  })

  it('changes with the interpreter version, the requirements and the lock', () => {
    const key = pythonEnvKey(base)
    expect(pythonEnvKey({ ...base, interpreterVersion: '3.11.8' })).not.toBe(key)
    expect(pythonEnvKey({ ...base, requirements: ['requests>=2'] })).not.toBe(key)
    const locked = normalizeLockedPackages([{ name: 'PkgX', version: '1.0' }])
    const lockedKey = pythonEnvKey({ ...base, locked })
    expect(lockedKey).not.toBe(key)
    const relocked = normalizeLockedPackages([
      { name: 'pkgx', version: '1.0', hashes: ['sha256:ab'] },
    ])
    expect(pythonEnvKey({ ...base, locked: relocked })).not.toBe(lockedKey)
  })

  it('refuses an interpreter version that is not major.minor.micro', () => {
    expect(() => pythonEnvKey({ ...base, interpreterVersion: '3.11' })).toThrow()
  })
})
