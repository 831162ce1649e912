import { isSkillshipError } from '@skillship/core/errors'
import { describe, expect, it } from 'vitest'
import { frozenRequirements } from './frozen-requirements.js'
import type { LockedPythonPackage } from './python-env.js'
import { satisfiesLock } from './python-env.js'

const hashA = `sha256:${'a'.repeat(64)}`
const hashB = `sha256:${'b'.repeat(64)}`

describe('frozenRequirements', () => {
  it('pins every package with its hashes when all have hashes', () => {
    const locked = [
      { name: 'pkg-a', version: '1.0', hashes: [hashA, hashB] },
      { name: 'pkg-b', version: '2.0rc1', hashes: [hashB] },
    ]
    expect(frozenRequirements(locked)).toEqual({
      text: `pkg-a==1.0 --hash=${hashA} --hash=${hashB}\npkg-b==2.0rc1 --hash=${hashB}\n`,
      hashed: true,
    })
  })

  it('drops every hash when one package has none (pip checks all or nothing)', () => {
    const locked = [
      { name: 'pkg-a', version: '1.0', hashes: [hashA] },
      { name: 'pkg-b', version: '2.0' },
    ]
    expect(frozenRequirements(locked)).toEqual({ text: 'pkg-a==1.0\npkg-b==2.0\n', hashed: false })
  })

  it.each<LockedPythonPackage>([
    { name: '--index-url=http://evil', version: '1.0' },
    { name: 'pkg', version: '1.0\n--index-url http://evil' },
    { name: 'pkg', version: '1.0', hashes: ['md5:abc'] },
  ])('refuses the malformed entry %j with RUNTIME_ENV_BUILD_FAILED', (entry) => {
    let caught: unknown
    try {
      frozenRequirements([entry])
    } catch (error) {
      caught = error
    }
    expect(isSkillshipError(caught) && caught.code).toBe('RUNTIME_ENV_BUILD_FAILED')
  })
})

describe('satisfiesLock', () => {
  const installed = [
    { name: 'pkg-a', version: '1.0', hashes: [hashA] },
    { name: 'pkg-b', version: '2.0' },
  ]

  it('accepts the same names and versions, and a shared hash where the lock has hashes', () => {
    expect(
      satisfiesLock(installed, [
        { name: 'pkg-a', version: '1.0', hashes: [hashB, hashA] },
        { name: 'pkg-b', version: '2.0' },
      ]),
    ).toBe(true)
  })

  it('refuses another version, a missing or extra package, or no shared hash', () => {
    expect(satisfiesLock(installed, [{ name: 'pkg-a', version: '1.0' }])).toBe(false)
    expect(
      satisfiesLock(installed, [
        { name: 'pkg-a', version: '1.1' },
        { name: 'pkg-b', version: '2.0' },
      ]),
    ).toBe(false)
    expect(
      satisfiesLock(installed, [
        { name: 'pkg-a', version: '1.0' },
        { name: 'pkg-b', version: '2.0', hashes: [hashB] },
      ]),
    ).toBe(false)
  })
})
