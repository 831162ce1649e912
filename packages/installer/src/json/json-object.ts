/** A JSON object read from a file, checked key by key; `fail` throws the caller's coded error. */
export interface JsonFields {
  readonly record: Readonly<Record<string, unknown>>
  readonly field: string
  readonly fail: (field: string, problem: string) => never
}

/**
 * Checks that `value` is a plain JSON object whose keys are all in `allowed` (unknown keys would be
 * dropped on the next write, so they are refused rather than silently discarded).
 */
export function jsonObject(
  value: unknown,
  field: string,
  fail: (field: string, problem: string) => never,
  allowed?: readonly string[],
): JsonFields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(field === '' ? '(root)' : field, 'must be an object')
  }
  const record = value as Record<string, unknown>
  const unknown =
    allowed === undefined ? undefined : Object.keys(record).find((key) => !allowed.includes(key))
  if (unknown !== undefined) fail(fieldPath(field, unknown), 'is not a known field')
  return { record, field, fail }
}

/** The string at `key`; required unless `optional`. Empty strings are refused. */
export function stringField(fields: JsonFields, key: string): string
export function stringField(fields: JsonFields, key: string, optional: true): string | undefined
export function stringField(fields: JsonFields, key: string, optional = false): string | undefined {
  const value = fields.record[key]
  if (value === undefined && optional) return undefined
  if (typeof value !== 'string' || value.trim() === '') {
    return fields.fail(fieldPath(fields.field, key), 'must be a non-empty string')
  }
  return value
}

/** `parent.key`, or `key` at the top level. */
export function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`
}
