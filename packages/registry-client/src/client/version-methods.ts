import { SkillshipError } from '@skillship/core/errors'
import { computeIntegrity, verifyIntegrity } from '@skillship/core/integrity'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { publishResponseSchema, versionDocumentSchema } from '../wire/documents.js'
import { integrityHeader, routes, tarballContentType } from '../wire/routes.js'
import { maxSignatureHeaderBytes, signatureHeader } from '../wire/signature-documents.js'
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

/**
 * The bundle as the signature header carries it: unpadded base64url of its UTF-8 bytes. One over
 * the header bound is refused here (REGISTRY_SIGNATURE_INVALID) rather than sent to be refused.
 */
function encodeSignatureHeader(bundle: string): string {
  const value = Buffer.from(bundle, 'utf8').toString('base64url')
  if (value.length > maxSignatureHeaderBytes) {
    throw new SkillshipError(
      RegistryErrorCode.SignatureInvalid,
      `The signature bundle is ${value.length} characters encoded, over the ${maxSignatureHeaderBytes}-character header bound`,
      { hint: 'Sign with `skillship publish --sign`: its bundles are about 2 KiB.' },
    )
  }
  return value
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
    // async: an over-long bundle rejects the promise like any other refusal.
    publish: async (name, tarball, options = {}) =>
      transport.json(publishResponseSchema, {
        method: 'PUT',
        path: routes.skill(name),
        query: { tag: options.tag, access: options.access, version: options.version },
        bytes: tarball,
        headers: {
          'content-type': tarballContentType,
          // Always sent so the server refuses bytes that were corrupted on the way.
          [integrityHeader]: options.integrity ?? computeIntegrity(tarball),
          ...(options.signature === undefined
            ? {}
            : { [signatureHeader]: encodeSignatureHeader(options.signature) }),
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
