/**
 * Throws a plain Error unless `limit` is a non-negative safe integer: the HTTP layer validates
 * user input, and SQLite would read a negative LIMIT as "no limit".
 */
export function assertSearchLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new Error(`search limit must be a non-negative integer, got ${limit}`)
  }
}
