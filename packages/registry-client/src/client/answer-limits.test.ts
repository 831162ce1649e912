import { isSkillshipError } from '@skillship/core/errors'
import { computeIntegrity } from '@skillship/core/integrity'
import { defaultUnpackLimits } from '@skillship/core/node'
import { afterEach, describe, expect, it } from 'vitest'
import {
  closeFakeRegistries,
  type EndlessFraming,
  failure,
  fakeRegistry,
  streamEndlessly,
} from '../../test/fake-registry.js'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { maxJsonAnswerBytes, maxTarballBytes } from '../wire/routes.js'
import { createRegistryClient } from './create-registry-client.js'

afterEach(closeFakeRegistries)

const MiB = 1024 * 1024
const threeGiB = 3 * 1024 * MiB

const exchanges: [string, typeof fetch | undefined][] = [
  ['node:http', undefined],
  ['fetch', fetch],
]

const framings: [string, EndlessFraming][] = [
  ['a plain body read until close', { kind: 'close' }],
  ['a chunked body', { kind: 'chunked' }],
  ['a Content-Length that says 3 GiB', { kind: 'length', contentLength: threeGiB }],
]

describe('answer size limits: endless bodies', () => {
  describe.each(exchanges)('over %s', (_label, fetchImpl) => {
    it.each(framings)('refuses a tarball with %s past the cap', async (_f, framing) => {
      const registry = await fakeRegistry((_seen, response) =>
        streamEndlessly(response, 'application/gzip', framing),
      )
      const client = createRegistryClient({
        registry: registry.url,
        fetch: fetchImpl,
        maxTarballBytes: MiB,
      })
      const error = await failure(client.downloadTarball('pdf', '1.0.0'))
      expect(error.code).toBe(RegistryErrorCode.ResponseTooLarge)
      expect(error.details?.['maxBytes']).toBe(MiB)
    })

    it.each(framings)('refuses a JSON answer with %s past the cap', async (_f, framing) => {
      const registry = await fakeRegistry((_seen, response) =>
        streamEndlessly(response, 'application/json', framing),
      )
      const client = createRegistryClient({
        registry: registry.url,
        fetch: fetchImpl,
        maxJsonBytes: MiB,
      })
      const error = await failure(client.getSkill('pdf'))
      expect(error.code).toBe(RegistryErrorCode.ResponseTooLarge)
      expect(error.details?.['maxBytes']).toBe(MiB)
    })

    it('keeps no more than a Content-Length that says less than the server sends', async () => {
      const registry = await fakeRegistry((_seen, response) =>
        streamEndlessly(response, 'application/gzip', { kind: 'length', contentLength: 1024 }),
      )
      const client = createRegistryClient({ registry: registry.url, fetch: fetchImpl })
      const integrity = computeIntegrity(new Uint8Array(1024).fill(0x7b))
      const error = await failure(
        client.downloadTarball('pdf', '1.0.0', { integrity: `${integrity.slice(0, -4)}AAA=` }),
      )
      // The HTTP parser frames the body at the declared length: the rest is never body bytes,
      // and node:http reports the bytes after it as a protocol violation.
      expect([RegistryErrorCode.IntegrityMismatch, RegistryErrorCode.Protocol]).toContain(
        error.code,
      )
      if (error.code === RegistryErrorCode.IntegrityMismatch) {
        expect(error.details?.['actual']).toBe(integrity)
      }
    })
  })

  it('refuses an endless tarball at the default cap', async () => {
    const registry = await fakeRegistry((_seen, response) =>
      streamEndlessly(response, 'application/gzip', { kind: 'chunked' }),
    )
    const error = await failure(
      createRegistryClient({ registry: registry.url }).downloadTarball('pdf', '1.0.0'),
    )
    expect(error.code).toBe(RegistryErrorCode.ResponseTooLarge)
    expect(error.details?.['maxBytes']).toBe(maxTarballBytes)
  })
})

describe('answer size limits: defaults', () => {
  it('caps tarballs at the largest archive core unpacks', () => {
    expect(maxTarballBytes).toBe(defaultUnpackLimits.maxArchiveBytes)
  })

  it('caps JSON answers below tarballs', () => {
    expect(maxJsonAnswerBytes).toBeLessThan(maxTarballBytes)
  })

  it.each([
    ['a zero tarball cap', { maxTarballBytes: 0 }],
    ['a fractional JSON cap', { maxJsonBytes: 1.5 }],
  ])('refuses %s with REGISTRY_CONFIG_INVALID', (_label, limits) => {
    let code: string | undefined
    try {
      createRegistryClient({ registry: 'http://127.0.0.1:1/', ...limits })
    } catch (error) {
      if (!isSkillshipError(error)) throw error
      code = error.code
    }
    expect(code).toBe(RegistryErrorCode.ConfigInvalid)
  })
})
