import { type ErrorBody, errorBodySchema } from '../wire/error-body.js'
import { checkWire } from '../wire/wire-schema.js'

/** The JSON value in `text`, or undefined when `text` is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
}

/**
 * The registry's error body in `text`, or undefined when `text` is not one: JSON of the shape
 * `{ "error": { code, message, hint?, details? } }` (`errorBodySchema`). Proxies and crashed
 * servers answer HTML or nothing; the caller reports those as REGISTRY_PROTOCOL.
 */
export function parseErrorBody(text: string): ErrorBody | undefined {
  const checked = checkWire(errorBodySchema, parseJson(text))
  return checked.ok ? checked.value : undefined
}
