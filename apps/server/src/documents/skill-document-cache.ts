import type { RenderedDocument } from './load-skill-document.js'

/** A bounded LRU of rendered skill documents, keyed by skill name. */
export interface SkillDocumentCache {
  get(name: string): RenderedDocument | undefined
  set(name: string, document: RenderedDocument): void
  /** Drops one skill's document; every write through this process calls it. */
  invalidate(name: string): void
}

/**
 * Creates the cache. A Map keeps insertion order, so re-inserting on every hit makes the first key
 * the least recently used one.
 */
export function createSkillDocumentCache(maxEntries = 1000): SkillDocumentCache {
  const entries = new Map<string, RenderedDocument>()
  return {
    get(name) {
      const hit = entries.get(name)
      if (hit) {
        entries.delete(name)
        entries.set(name, hit)
      }
      return hit
    },
    set(name, document) {
      entries.delete(name)
      entries.set(name, document)
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value
        if (oldest !== undefined) entries.delete(oldest)
      }
    },
    invalidate(name) {
      entries.delete(name)
    },
  }
}
