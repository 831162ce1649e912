import { LRUCache } from 'lru-cache'
import type { RenderedDocument } from './load-skill-document.js'

/** A bounded LRU of rendered skill documents, keyed by skill name. */
export interface SkillDocumentCache {
  get(name: string): RenderedDocument | undefined
  /**
   * Caches `document`. Pass the `stamp()` taken before reading it from storage: when anything was
   * invalidated since, the document may predate that change and is not cached.
   */
  set(name: string, document: RenderedDocument, stamp?: number): void
  /** Drops one skill's document (the invalidation bus calls it on every write). */
  invalidate(name: string): void
  /** Drops every document (a replica that may have missed invalidations). */
  invalidateAll(): void
  /** A number that changes with every invalidation; see `set`. */
  stamp(): number
}

/**
 * Creates the cache holding at most `maxEntries` documents (at least 1), evicting the least
 * recently used. The recency bookkeeping is lru-cache's (maintained, and as fast as the Map it
 * replaced in bench/serve.ts); the invalidation stamp is ours.
 */
export function createSkillDocumentCache(maxEntries = 1000): SkillDocumentCache {
  const entries = new LRUCache<string, RenderedDocument>({ max: Math.max(1, maxEntries) })
  // One counter for all names: a read racing any invalidation is not cached, which costs a few
  // misses under heavy writes and keeps no per-name state.
  let generation = 0
  return {
    get: (name) => entries.get(name),
    set(name, document, stamp) {
      if (stamp !== undefined && stamp !== generation) return
      entries.set(name, document)
    },
    invalidate(name) {
      generation += 1
      entries.delete(name)
    },
    invalidateAll() {
      generation += 1
      entries.clear()
    },
    stamp: () => generation,
  }
}
