import type { ErrorBody } from '../wire/documents.js'

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
}

/**
 * The registry's error body in `text`, or undefined when `text` is not one: JSON of the shape
 * `{ "error": { code, message, hint?, details? } }` with a non-empty string code, a string message,
 * a string hint and an object details when present. Proxies and crashed servers answer HTML or
 * nothing; the caller reports those as REGISTRY_PROTOCOL.
 */
export function parseErrorBody(text: string): ErrorBody | undefined {
  const value = parseJson(text)
  if (!isRecord(value) || !isRecord(value['error'])) return undefined
  const { code, message, hint, details } = value['error']
  if (typeof code !== 'string' || code === '' || typeof message !== 'string') return undefined
  if (hint !== undefined && typeof hint !== 'string') return undefined
  if (details !== undefined && !isRecord(details)) return undefined
  return {
    error: {
      code,
      message,
      ...(hint === undefined ? {} : { hint }),
      ...(details === undefined ? {} : { details }),
    },
  }
}

/**
 * The JSON object in `text`, or undefined when `text` is not JSON or not an object. Every
 * successful registry answer with a body is an object.
 */
export function parseJsonObject(text: string): Readonly<Record<string, unknown>> | undefined {
  const value = parseJson(text)
  return isRecord(value) ? value : undefined
}
