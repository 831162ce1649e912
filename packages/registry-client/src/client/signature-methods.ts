import { SkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import {
  publisherKeyDocumentSchema,
  publisherKeyListSchema,
  registryKeysResponseSchema,
  signatureRoutes,
} from '../wire/signature-documents.js'
import type { RegistryClient } from './registry-client.js'
import type { RegistryTransport } from './registry-transport.js'

/** `GET /v1/keys`: the registry's own public keys (docs/signing.md). */
export const registryKeysPath = '/v1/keys'

/** The most bytes of a publisher bundle a client reads (a bundle is a few KiB). */
export const maxSignatureBundleBytes = 256 * 1024

// A bundle path comes from a version document: only a plain path under /v1/ is followed, never
// another origin, a dot segment or a query.
const bundlePath = /^\/v1\/(?:[A-Za-z0-9._~%@-]+\/)*[A-Za-z0-9._~%@-]+$/

/** The signature methods of `RegistryClient`: registry keys, bundles, publisher keys. */
export function createSignatureMethods(
  transport: RegistryTransport,
): Pick<
  RegistryClient,
  | 'getRegistryKeys'
  | 'downloadSignatureBundle'
  | 'addPublisherKey'
  | 'listPublisherKeys'
  | 'revokePublisherKey'
> {
  return {
    getRegistryKeys: () =>
      transport.json(registryKeysResponseSchema, { method: 'GET', path: registryKeysPath }),
    addPublisherKey: (publicKey) =>
      transport.json(publisherKeyDocumentSchema, {
        method: 'POST',
        path: signatureRoutes.publisherKeys(),
        json: { publicKey },
      }),
    async listPublisherKeys() {
      const answer = await transport.json(publisherKeyListSchema, {
        method: 'GET',
        path: signatureRoutes.publisherKeys(),
      })
      return answer.keys
    },
    revokePublisherKey: (keyId) =>
      transport.json(publisherKeyDocumentSchema, {
        method: 'DELETE',
        path: signatureRoutes.publisherKey(keyId),
      }),
    async downloadSignatureBundle(path) {
      if (!bundlePath.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
        throw protocolError(`The registry names the signature bundle at '${path}'`)
      }
      const answer = await transport.send({ method: 'GET', path })
      if (answer.body.byteLength > maxSignatureBundleBytes) {
        throw protocolError(
          `The signature bundle at ${path} is over ${maxSignatureBundleBytes} bytes`,
        )
      }
      return answer.body
    },
  }
}

function protocolError(message: string): SkillshipError {
  return new SkillshipError(RegistryErrorCode.Protocol, message, {
    hint: 'The registry answered outside its contract; report it to the registry operator.',
  })
}
