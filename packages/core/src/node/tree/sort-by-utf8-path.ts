/**
 * Returns the entries sorted by the UTF-8 bytes of their `path` (as `Buffer.compare` orders
 * them): the one order that is the same in every locale and runtime. The input is not changed.
 */
export function sortByUtf8Path<T extends { readonly path: string }>(entries: readonly T[]): T[] {
  return entries
    .map((entry) => ({ entry, key: Buffer.from(entry.path, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map(({ entry }) => entry)
}
