/** Loads per skill since the last drain, in memory; flushed to storage for warm-up. */
export interface LoadCounter {
  add(name: string): void
  /** The counts so far, leaving the counter empty. */
  drain(): Map<string, number>
  /** Puts drained counts back (a flush that failed), added to whatever came in meanwhile. */
  restore(counts: ReadonlyMap<string, number>): void
}

/**
 * Creates an empty counter. Only successful loads are counted, so its keys are names of existing
 * skills and it stays bounded by the registry's size.
 */
export function createLoadCounter(): LoadCounter {
  let counts = new Map<string, number>()
  return {
    add(name) {
      counts.set(name, (counts.get(name) ?? 0) + 1)
    },
    drain() {
      const drained = counts
      counts = new Map()
      return drained
    },
    restore(drained) {
      for (const [name, loads] of drained) counts.set(name, (counts.get(name) ?? 0) + loads)
    },
  }
}
