// Checks and orderings of plain data shared by every package, so each reads and sorts alike.

/** True for a JSON object (not null, not an array): a record whose fields can be checked. */
export function isJsonRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Code-unit order: the same on every machine and locale (unlike localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
