import { SkillshipError } from '@skillship/core/errors'
import { computeIntegrity, verifyIntegrity } from '@skillship/core/integrity'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { publishResponseSchema, versionDocumentSchema } from '../wire/documents.js'
import { integrityHeader, routes, tarballContentType } from '../wire/routes.js'
import type { RegistryClient } from './registry-client.js'
import type { RegistryTransport } from './registry-transport.js'

function integrityMismatch(name: string, version: string, expected: string, bytes: Uint8Array) {
  return new SkillshipError(
    RegistryErrorCode.IntegrityMismatch,
    `The tarball of ${name}@${version} does not match its integrity`,
    {
      hint: 'Do not install it: the bytes changed on the way or on the registry. Retry, then report it to the registry operator.',
      details: { name, version, expected, actual: computeIntegrity(bytes) },
    },
  )
}

/** The version-level methods of `RegistryClient`: download, publish, deprecate/yank. */
export function createVersionMethods(
  transport: RegistryTransport,
): Pick<RegistryClient, 'downloadTarball' | 'publish' | 'updateVersion'> {
  return {
    async downloadTarball(name, version, options = {}) {
      const answer = await transport.send({
        method: 'GET',
        path: routes.tarball(name, version),
        tarball: true,
        // JSON stays acceptable: errors come as an ErrorBody.
        headers: { accept: `${tarballContentType}, application/json` },
      })
      const { integrity } = options
      if (integrity !== undefined && !verifyIntegrity(answer.body, integrity)) {
        throw integrityMismatch(name, version, integrity, answer.body)
      }
      return answer.body
    },
    publish: (name, tarball, options = {}) =>
      transport.json(publishResponseSchema, {
        method: 'PUT',
        path: routes.skill(name),
        query: { tag: options.tag, access: options.access, version: options.version },
        bytes: tarball,
        headers: {
          'content-type': tarballContentType,
          // Always sent so the server refuses bytes that were corrupted on the way.
          [integrityHeader]: options.integrity ?? computeIntegrity(tarball),
        },
      }),
    updateVersion: (name, version, patch) =>
      transport.json(versionDocumentSchema, {
        method: 'PATCH',
        path: routes.version(name, version),
        json: patch,
      }),
  }
}
