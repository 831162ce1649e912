import { RegistryErrorCode } from '@skillship/registry-client'
import type { Context } from 'hono'
import { readLimitedBody } from './read-limited-body.js'
import { registryError } from './registry-error.js'

const maxJsonBytes = 64 * 1024

/** Reads a small JSON object body; anything else is REGISTRY_BAD_REQUEST (or 413 past 64 KiB). */
export async function readJsonBody(c: Context): Promise<Record<string, unknown>> {
  const bytes = await readLimitedBody(c, maxJsonBytes)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(bytes))
  } catch (error) {
    if (error instanceof SyntaxError)
      throw registryError(RegistryErrorCode.BadRequest, 'The body is not valid JSON', {
        cause: error,
      })
    throw error
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw registryError(RegistryErrorCode.BadRequest, 'The body must be a JSON object')
  }
  return value as Record<string, unknown>
}
