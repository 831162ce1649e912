/**
 * JSON with 2-space indentation, object keys sorted by code unit at every depth, and a trailing
 * newline: the same data always gives the same bytes, so diffs show only real changes. Array order
 * is kept (callers sort arrays that are sets). `undefined` members are omitted, as JSON.stringify does.
 */
export function stringifySorted(value: unknown): string {
  return `${JSON.stringify(value, sortKeys, 2)}\n`
}

function sortKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const record = value as Record<string, unknown>
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  )
}
