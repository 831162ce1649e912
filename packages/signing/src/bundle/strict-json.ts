import type { SkillshipError } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'

/** A failure while reading a document field by field: the error to throw, with the field's path. */
export type FieldError = (what: string) => SkillshipError

/**
 * The record at `value`, holding every `required` key, any of `optional`, and nothing else.
 * Unknown fields are refused: a signed document read one way here and another way elsewhere is
 * how signature checks get bypassed.
 */
export function exactRecord(
  value: unknown,
  at: string,
  required: readonly string[],
  optional: readonly string[],
  fail: FieldError,
): Record<string, unknown> {
  if (!isJsonRecord(value)) throw fail(`${at} is not an object`)
  for (const key of required) if (!Object.hasOwn(value, key)) throw fail(`${at}.${key} is missing`)
  for (const key of Object.keys(value))
    if (!required.includes(key) && !optional.includes(key))
      throw fail(`${at}.${key} is not allowed`)
  return value
}

/** The string at `value`, at most `maxLength` code units, matching `pattern` when given. */
export function boundedString(
  value: unknown,
  at: string,
  maxLength: number,
  fail: FieldError,
  pattern?: RegExp,
): string {
  if (typeof value !== 'string') throw fail(`${at} is not a string`)
  if (value.length > maxLength) throw fail(`${at} is longer than ${maxLength} characters`)
  if (pattern !== undefined && !pattern.test(value)) throw fail(`${at} is malformed`)
  return value
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Standard padded base64 (what Sigstore's JSON uses) decoded; any other alphabet or padding refused. */
export function strictBase64(
  value: unknown,
  at: string,
  maxLength: number,
  fail: FieldError,
): Buffer {
  return Buffer.from(boundedString(value, at, maxLength, fail, base64Pattern), 'base64')
}
