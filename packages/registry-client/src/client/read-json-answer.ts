import type * as z from 'zod/v4/mini'
import { checkWire, type WireType } from '../wire/wire-schema.js'
import { protocolError } from './error-from-answer.js'
import { parseJson } from './parse-error-body.js'
import type { RegistryAnswer } from './registry-request.js'

/**
 * The body of a successful answer checked against its wire schema; REGISTRY_PROTOCOL when it is
 * not JSON or does not fit, with `details.path` naming the first bad field (`versions["1.0.0"]
 * .dist.size`) and `details.problem` what is wrong with it.
 */
export function readJsonAnswer<S extends z.ZodMiniType>(
  schema: S,
  answer: RegistryAnswer,
): WireType<S> {
  const value = parseJson(new TextDecoder().decode(answer.body))
  if (value === undefined) throw protocolError(answer, 'a body that is not JSON')
  const checked = checkWire(schema, value)
  if (checked.ok) return checked.value
  const where = checked.path === '' ? 'the body' : checked.path
  throw protocolError(answer, `a document whose ${where} is wrong (${checked.problem})`, {
    path: checked.path,
    problem: checked.problem,
  })
}
