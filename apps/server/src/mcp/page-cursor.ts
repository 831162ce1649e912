import { invalidParams } from './mcp-errors.js'

/** An opaque pagination cursor: JSON of `position`, base64url, so clients never build their own. */
export function encodePageCursor(position: readonly string[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')
}

/**
 * Decodes a cursor from `encodePageCursor` holding `size` strings; undefined for no cursor;
 * anything else is -32602 (the base protocol's answer to an invalid cursor).
 */
export function decodePageCursor(cursor: string | undefined, size: number): string[] | undefined {
  if (cursor === undefined) return undefined
  let position: unknown
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalidParams('Invalid cursor')
  }
  if (
    !Array.isArray(position) ||
    position.length !== size ||
    !position.every((part) => typeof part === 'string')
  ) {
    throw invalidParams('Invalid cursor')
  }
  return position as string[]
}
