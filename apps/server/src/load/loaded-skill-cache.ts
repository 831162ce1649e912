import { LRUCache } from 'lru-cache'
import type { LoadedSkill } from './loaded-skill.js'
import type { LoadOutcome } from './skill-loader.js'

/** Loaded versions keyed by `name@version`, bounded by bytes, with single-flight loading. */
export interface LoadedSkillCache {
  /** The cached entry (marked most recently used), or undefined. */
  get(key: string): LoadedSkill | undefined
  /**
   * The cached entry, else the result of `load`, shared by every caller asking for `key` while it
   * runs (all of them get `cache: 'miss'`). A failed load is not cached: every waiting caller gets
   * its error and the next caller starts a new load.
   */
  getOrLoad(key: string, load: () => Promise<LoadedSkill>): Promise<LoadOutcome>
  /**
   * Drops every entry. Loads in flight still answer their callers (versions are immutable, so
   * their content is right) but are not cached.
   */
  clear(): void
  stats(): { readonly entries: number; readonly bytes: number }
}

/**
 * Creates the cache holding at most `maxBytes` of `memoryBytes`, evicting the least recently used
 * entries (lru-cache's bookkeeping; the single-flight loading and the clear generation are ours).
 * An entry above a quarter of the bound is served but not cached, so one huge skill cannot evict
 * everything else.
 */
export function createLoadedSkillCache(maxBytes: number): LoadedSkillCache {
  const entries = new LRUCache<string, LoadedSkill>({
    maxSize: maxBytes,
    maxEntrySize: maxBytes / 4,
    // lru-cache sizes must be positive integers.
    sizeCalculation: (skill) => Math.max(1, Math.ceil(skill.memoryBytes)),
  })
  const inFlight = new Map<string, Promise<LoadedSkill>>()
  let generation = 0

  const get = (key: string): LoadedSkill | undefined => entries.get(key)

  return {
    get,
    async getOrLoad(key, load) {
      const hit = get(key)
      if (hit !== undefined) return { skill: hit, cache: 'hit' }
      let pending = inFlight.get(key)
      if (pending === undefined) {
        const started = generation
        pending = load()
          .then((skill) => {
            if (started === generation && !entries.has(key)) entries.set(key, skill)
            return skill
          })
          .finally(() => inFlight.delete(key))
        inFlight.set(key, pending)
      }
      return { skill: await pending, cache: 'miss' }
    },
    clear() {
      generation += 1
      entries.clear()
    },
    stats: () => ({ entries: entries.size, bytes: entries.calculatedSize }),
  }
}
