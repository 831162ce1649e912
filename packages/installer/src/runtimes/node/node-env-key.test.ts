import { describe, expect, it } from 'vitest'
import { nodeEnvKey } from './node-env-key.js'

const base = {
  dependencies: { b: '^2.0.0', a: '1.0.0' },
  lockfile: undefined,
  allowScripts: false,
  nodeVersion: '20.19.0',
}

describe('nodeEnvKey', () => {
  it('is 32 hex characters and ignores the order of dependencies and the Node minor', () => {
    const key = nodeEnvKey(base)
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(nodeEnvKey({ ...base, dependencies: { a: ' 1.0.0 ', b: '^2.0.0' } })).toBe(key)
    expect(nodeEnvKey({ ...base, nodeVersion: '20.20.2' })).toBe(key)
  })

  it.each([
    ['the Node major', { nodeVersion: '22.1.0' }],
    ['a dependency', { dependencies: { a: '1.0.1', b: '^2.0.0' } }],
    ['allowScripts', { allowScripts: true }],
    ['a lockfile', { lockfile: new TextEncoder().encode('{}') }],
  ])('changes with %s', (_name, change) => {
    expect(nodeEnvKey({ ...base, ...change })).not.toBe(nodeEnvKey(base))
  })

  it('changes with the lockfile content', () => {
    const a = nodeEnvKey({ ...base, lockfile: new TextEncoder().encode('{"a":1}') })
    const b = nodeEnvKey({ ...base, lockfile: new TextEncoder().encode('{"a":2}') })
    expect(a).not.toBe(b)
  })
})
