import { RegistryErrorCode } from '@skillship/registry-client'
import { registryError } from '../http/registry-error.js'

/** An opaque page cursor: the last name of the page, base64url, so clients do not build their own. */
export function encodeCursor(lastName: string): string {
  return Buffer.from(`n:${lastName}`, 'utf8').toString('base64url')
}

/** Decodes a cursor from `encodeCursor`; anything else is REGISTRY_BAD_REQUEST. */
export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!text.startsWith('n:') || text.length < 3)
    throw registryError(RegistryErrorCode.BadRequest, 'Invalid cursor')
  return text.slice(2)
}
