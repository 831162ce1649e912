import type { InvalidationListener } from './invalidation-bus.js'

/** The subscribers of a bus, told about changes in subscription order. */
export interface ListenerSet extends InvalidationListener {
  add(listener: InvalidationListener): () => void
  clear(): void
}

/**
 * Creates an empty set. Every listener hears every event even when an earlier one throws; the
 * first error is rethrown afterwards (a cache that fails to forget must not stay silent, and must
 * not keep the other caches stale either).
 */
export function createListenerSet(): ListenerSet {
  const listeners = new Set<InvalidationListener>()
  const tell = (notify: (listener: InvalidationListener) => void): void => {
    let failure: { error: unknown } | undefined
    for (const listener of [...listeners]) {
      try {
        notify(listener)
      } catch (error) {
        failure ??= { error }
      }
    }
    if (failure !== undefined) throw failure.error
  }
  return {
    add(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    clear: () => listeners.clear(),
    invalidate: (name) => tell((listener) => listener.invalidate(name)),
    invalidateAll: () => tell((listener) => listener.invalidateAll()),
  }
}
