/** A byte-bounded LRU of tarballs keyed by integrity: tarballs are immutable, so it never goes stale. */
export interface TarballCache {
  get(integrity: string): Uint8Array | undefined
  set(integrity: string, bytes: Uint8Array): void
}

/**
 * Creates the cache holding at most `maxBytes` (default 64 MiB); a tarball larger than a quarter of
 * that is not cached, so one big skill cannot evict everything else.
 */
export function createTarballCache(maxBytes = 64 * 1024 * 1024): TarballCache {
  const entries = new Map<string, Uint8Array>()
  let bytes = 0
  return {
    get(integrity) {
      const hit = entries.get(integrity)
      if (hit) {
        entries.delete(integrity)
        entries.set(integrity, hit)
      }
      return hit
    },
    set(integrity, value) {
      if (value.byteLength > maxBytes / 4 || entries.has(integrity)) return
      entries.set(integrity, value)
      bytes += value.byteLength
      for (const [key, old] of entries) {
        if (bytes <= maxBytes) break
        entries.delete(key)
        bytes -= old.byteLength
      }
    },
  }
}
