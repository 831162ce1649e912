import { LRUCache } from 'lru-cache'

/** A byte-bounded LRU of tarballs keyed by integrity: tarballs are immutable, so it never goes stale. */
export interface TarballCache {
  get(integrity: string): Uint8Array | undefined
  set(integrity: string, bytes: Uint8Array): void
}

/**
 * Creates the cache holding at most `maxBytes` (default 64 MiB), evicting the least recently used
 * (lru-cache sizes each entry by its bytes); a tarball larger than a quarter of that is not
 * cached, so one big skill cannot evict everything else.
 */
export function createTarballCache(maxBytes = 64 * 1024 * 1024): TarballCache {
  const entries = new LRUCache<string, Uint8Array>({
    maxSize: maxBytes,
    maxEntrySize: maxBytes / 4,
    // lru-cache sizes must be positive integers; an empty tarball counts as one byte.
    sizeCalculation: (bytes) => Math.max(1, bytes.byteLength),
  })
  return {
    get: (integrity) => entries.get(integrity),
    set(integrity, value) {
      if (!entries.has(integrity)) entries.set(integrity, value)
    },
  }
}
