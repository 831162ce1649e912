import { createListenerSet } from './create-listener-set.js'
import type { InvalidationBus } from './invalidation-bus.js'

/**
 * The bus of embedded storage: one process owns the database and every write goes through it, so
 * telling this process's subscribers synchronously is complete, and the bus is always live.
 */
export function createLocalInvalidationBus(): InvalidationBus {
  const listeners = createListenerSet()
  return {
    publish: async (name) => listeners.invalidate(name),
    subscribe: (listener) => listeners.add(listener),
    isLive: () => true,
    close: async () => listeners.clear(),
  }
}
