/**
 * Throws a plain Error unless every count is a whole number >= 0: load counts come from the
 * server's own counter, so anything else is a programmer error, refused before it is stored.
 */
export function assertLoadCounts(counts: ReadonlyMap<string, number>): void {
  for (const [name, loads] of counts) {
    if (!Number.isSafeInteger(loads) || loads < 0) {
      throw new Error(`load count of '${name}' must be a whole number >= 0, not ${loads}`)
    }
  }
}
