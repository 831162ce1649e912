/** Turns the first error raised by any event handler of a stream pipeline into one rejection. */
export interface FailureLatch {
  readonly failed: boolean
  /** Records the first failure and runs `onFailure` once; later calls are ignored. */
  fail(error: unknown): void
  /**
   * Wraps an event handler so that it is skipped once failed and a throw becomes the failure
   * (a throw escaping an emitter callback would otherwise crash the process).
   */
  guard<A extends unknown[]>(run: (...args: A) => void): (...args: A) => void
}

/** Creates a latch; `onFailure` tears the pipeline down and rejects the caller's promise. */
export function createFailureLatch(onFailure: (error: unknown) => void): FailureLatch {
  let failed = false
  const fail = (error: unknown): void => {
    if (failed) return
    failed = true
    onFailure(error)
  }
  return {
    get failed() {
      return failed
    },
    fail,
    guard:
      (run) =>
      (...args) => {
        if (failed) return
        try {
          run(...args)
        } catch (error) {
          fail(error)
        }
      },
  }
}
