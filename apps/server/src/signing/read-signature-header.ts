import { maxSignatureHeaderBytes, RegistryErrorCode } from '@skillship/registry-client'
import { registryError } from '../http/registry-error.js'

const base64url = /^[A-Za-z0-9_-]+$/

/**
 * The bundle text of `x-skillship-signature` (unpadded base64url of the bundle's UTF-8 JSON
 * bytes), undefined when absent. Over {@link maxSignatureHeaderBytes}, not base64url, or not
 * UTF-8: REGISTRY_SIGNATURE_INVALID, before the body is read. The JSON itself is checked by the
 * publish hook (check-publish-signature.ts).
 */
export function readSignatureHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (value.length > maxSignatureHeaderBytes || !base64url.test(value)) throw invalid()
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'base64url'))
  } catch {
    throw invalid()
  }
}

function invalid() {
  return registryError(
    RegistryErrorCode.SignatureInvalid,
    `The signature header is not base64url of UTF-8 within ${maxSignatureHeaderBytes} characters`,
    {
      hint: 'Send the bundle JSON as unpadded base64url (skillship publish --sign does).',
      details: { cause: 'SIGNATURE_BUNDLE_INVALID' },
    },
  )
}
