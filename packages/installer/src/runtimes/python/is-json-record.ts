/** True for a JSON object (not null, not an array): a record whose fields can be checked. */
export function isJsonRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
