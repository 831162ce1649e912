/** Work started early and awaited late (a write whose fsync can overlap the install's own work). */
export interface BackgroundTask {
  /** Resolves once the work ended, however it ended: it never rejects unobserved. */
  settled(): Promise<void>
  /** Resolves when the work succeeded; rejects with its failure. */
  result(): Promise<void>
}

/** A task with nothing to do. */
export const idleTask: BackgroundTask = {
  settled: async () => undefined,
  result: async () => undefined,
}

/** Starts `work` now; the caller awaits `result()` where its failure counts, `settled()` always. */
export function startBackgroundTask(work: () => Promise<unknown>): BackgroundTask {
  const outcome = work().then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  return {
    settled: async () => {
      await outcome
    },
    result: async () => {
      const ended = await outcome
      if (!ended.ok) throw ended.error
    },
  }
}
