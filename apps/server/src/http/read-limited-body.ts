import { RegistryErrorCode } from '@skillship/registry-client'
import type { Context } from 'hono'
import { registryError } from './registry-error.js'

/**
 * Reads the request body, refusing with 413 REGISTRY_PAYLOAD_TOO_LARGE as soon as it passes
 * `limit` bytes (by Content-Length before reading, or while streaming), so an oversized upload
 * is never buffered whole.
 */
export async function readLimitedBody(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length'))
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  const stream = c.req.raw.body
  if (!stream) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of stream) {
    total += chunk.byteLength
    if (total > limit) throw tooLarge(limit)
    chunks.push(chunk)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  return out
}

function tooLarge(limit: number) {
  return registryError(
    RegistryErrorCode.PayloadTooLarge,
    `The body is larger than ${limit} bytes`,
    {
      hint: 'Remove large files from the skill, or raise SKILLSHIP_MAX_UPLOAD_BYTES on the server.',
    },
  )
}
