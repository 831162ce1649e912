import type { RegistryDeps } from '../app/registry-deps.js'
import {
  createSkillDocumentCache,
  type SkillDocumentCache,
} from '../documents/skill-document-cache.js'
import { type CachingSkillLoader, createSkillLoader } from './create-skill-loader.js'
import { createLoadCounter, type LoadCounter } from './load-counter.js'
import type { LoadObserver, LoadRecordHook } from './skill-loader.js'

/** The caches the registry serves from, built together so they agree. */
export interface ServingCaches {
  /** Rendered skill documents (document routes, resolution, the document fast path). */
  readonly documents: SkillDocumentCache
  /** Loaded skill contents behind the load API, MCP and warm-up. */
  readonly loader: CachingSkillLoader
  /** Counted loads per skill, flushed to storage by startLoadCountFlush. */
  readonly loadCounts: LoadCounter
  /** Unsubscribes the caches from the invalidation bus. */
  close(): void
}

/** Options of {@link createServingCaches}. */
export interface ServingCacheOptions {
  /** Bound of the loaded-skill cache (`config.serve.cacheMaxBytes`); default 64 MiB. */
  readonly memoryBytes?: number
  /** Metrics hook of every load (see LoadObserver). */
  readonly onLoad?: LoadObserver
  /** Statistics hook of every successful counted load (see LoadRecordHook). */
  readonly onLoaded?: LoadRecordHook
  /**
   * Most rendered skill documents kept (default 1000). A load whose document was evicted reads it
   * from storage again (three queries) even when its content is cached.
   */
  readonly documentEntries?: number
}

/**
 * Creates the document cache and the skill loader over it, and subscribes the loader to
 * `deps.invalidation` (it forwards each invalidation to the document cache), so every write
 * published on the bus reaches both. The one place caches are born: a cache that is not
 * subscribed would go stale.
 */
export function createServingCaches(
  deps: Pick<RegistryDeps, 'metadata' | 'blobs' | 'sharedStorage' | 'invalidation'>,
  options: ServingCacheOptions = {},
): ServingCaches {
  const documents = createSkillDocumentCache(options.documentEntries)
  const loadCounts = createLoadCounter()
  const loader = createSkillLoader({
    deps,
    documents,
    memoryBytes: options.memoryBytes ?? 64 * 1024 * 1024,
    loadCounts,
    ...(options.onLoad === undefined ? {} : { onLoad: options.onLoad }),
    ...(options.onLoaded === undefined ? {} : { onLoaded: options.onLoaded }),
  })
  const unsubscribe = deps.invalidation.subscribe(loader)
  return { documents, loader, loadCounts, close: unsubscribe }
}
