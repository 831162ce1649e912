import { protocolError } from './error-from-answer.js'
import { parseJsonObject } from './parse-error-body.js'
import type { RegistryAnswer } from './registry-request.js'

/**
 * The body of a successful answer as a JSON object; REGISTRY_PROTOCOL when it is not one (every
 * registry answer with a body is an object). Fields are not checked further: the documents are
 * the registry's contract, and a type guard per document would duplicate it.
 */
export function readJsonAnswer(answer: RegistryAnswer): Readonly<Record<string, unknown>> {
  const value = parseJsonObject(new TextDecoder().decode(answer.body))
  if (value === undefined) throw protocolError(answer, 'a body that is not a JSON object')
  return value
}
