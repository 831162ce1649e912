import { createListenerSet } from './create-listener-set.js'
import type { InvalidationBus } from './invalidation-bus.js'

/**
 * The bus of embedded storage: this process makes the writes, so telling its subscribers
 * synchronously is complete. Another process may still write the file (`skillship server audit`
 * re-judging versions): `changedElsewhere` (the SQLite store's) is asked on every `isLive()`,
 * which callers ask before trusting a cached entry, and a change drops every cached entry first.
 */
export function createLocalInvalidationBus(
  options: { readonly changedElsewhere?: () => boolean } = {},
): InvalidationBus {
  const listeners = createListenerSet()
  const { changedElsewhere } = options
  return {
    publish: async (name) => listeners.invalidate(name),
    subscribe: (listener) => listeners.add(listener),
    isLive: () => {
      if (changedElsewhere?.() === true) listeners.invalidateAll()
      return true
    },
    close: async () => listeners.clear(),
  }
}
