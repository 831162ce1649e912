import { computeIntegrity } from '@skillship/core/node'
import { describe, expect, it } from 'vitest'
import { malformedBlobKeys } from '../../test/contract/blob-store.contract.js'
import { parseSha512Integrity } from './parse-sha512-integrity.js'

describe('parseSha512Integrity', () => {
  it('decodes the digest to 128 lower-case hex characters (pinned)', () => {
    const integrity = computeIntegrity(new TextEncoder().encode('hello\n'))
    expect(parseSha512Integrity(integrity).hex).toBe(
      'e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629',
    )
  })

  it.each(malformedBlobKeys)('refuses %s', (_, key) => {
    expect(() => parseSha512Integrity(key)).toThrow(Error)
  })
})
