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
 * Creates the cache. A Map keeps insertion order, so re-inserting on every hit makes the first key
 * the least recently used one.
 */
export function createSkillDocumentCache(maxEntries = 1000): SkillDocumentCache {
  const entries = new Map<string, RenderedDocument>()
  // One counter for all names: a read racing any invalidation is not cached, which costs a few
  // misses under heavy writes and keeps no per-name state.
  let generation = 0
  return {
    get(name) {
      const hit = entries.get(name)
      if (hit) {
        entries.delete(name)
        entries.set(name, hit)
      }
      return hit
    },
    set(name, document, stamp) {
      if (stamp !== undefined && stamp !== generation) return
      entries.delete(name)
      entries.set(name, document)
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value
        if (oldest !== undefined) entries.delete(oldest)
      }
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
