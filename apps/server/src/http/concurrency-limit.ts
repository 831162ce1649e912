import { SkillshipError } from '@skillship/core'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import type { MiddlewareHandler } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'
import { type AnswerBudget, metricsAnswerBudget } from '../routes/metrics-route.js'

// An in-house semaphore rather than a library: what is needed is a synchronous "refuse when the
// queue is full" before any work is queued, and counters for tests; p-limit has no queue bound,
// p-queue has one only by checking `size` before `add` (racy across awaits, and a dependency for
// 40 lines), bottleneck is unmaintained. Nothing here allocates per refused request but the error.

/** Bounds of one {@link ConcurrencyLimit}. */
export interface ConcurrencyLimitOptions {
  /** For the error message and logs, e.g. `/metrics`. */
  readonly name: string
  /** Tasks running at once (an integer, at least 1). */
  readonly concurrency: number
  /** Tasks waiting for a slot (an integer, 0 or more); one more is refused with SERVE_BUSY. */
  readonly queue: number
}

/** A semaphore with a bounded wait queue. */
export interface ConcurrencyLimit {
  readonly name: string
  /** The one SERVE_BUSY error every refusal throws (prebuilt: no stack per refused request). */
  readonly refusal: SkillshipError
  /** True when `run` would refuse now (every slot taken, the queue full). */
  full(): boolean
  /**
   * Runs `task` when a slot is free; rejects at once with SERVE_BUSY (HTTP 503) when all slots
   * are taken and the queue is full. The slot is freed however `task` ends.
   */
  run<T>(task: () => Promise<T>): Promise<T>
  active(): number
  queued(): number
  /** `concurrency + queue`: how many tasks it holds before refusing. */
  capacity(): number
}

function assertCount(name: string, what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name}: ${what} must be an integer >= ${min}, got ${value}`)
  }
}

/** A {@link ConcurrencyLimit} with the given bounds (throws RangeError on bad bounds). */
export function createConcurrencyLimit(options: ConcurrencyLimitOptions): ConcurrencyLimit {
  assertCount(options.name, 'concurrency', options.concurrency, 1)
  assertCount(options.name, 'queue', options.queue, 0)
  let running = 0
  const waiting: Array<() => void> = []
  // One error for every refusal: a flood is refused thousands of times a second, and each new
  // Error would capture a stack (the largest cost of a refusal in bench/hardening.ts).
  const refusal = busy(options.name)
  const release = (): void => {
    const next = waiting.shift()
    if (next === undefined) running--
    else next()
  }
  return {
    name: options.name,
    refusal,
    full: () => running >= options.concurrency && waiting.length >= options.queue,
    async run(task) {
      if (running < options.concurrency) running++
      else if (waiting.length < options.queue) {
        // The slot passes straight from the releasing task: `running` stays the same.
        await new Promise<void>((resolve) => waiting.push(resolve))
      } else throw refusal
      try {
        return await task()
      } finally {
        release()
      }
    },
    active: () => running,
    queued: () => waiting.length,
    capacity: () => options.concurrency + options.queue,
  }
}

function busy(name: string) {
  return new SkillshipError(ServeErrorCode.Busy, `${name} is busy: too many requests in flight`, {
    hint: 'Retry after the Retry-After seconds, or send the request to another replica.',
  })
}

/** Hono middleware running the rest of the request (handler included) under `limit`. */
export function limitConcurrency(limit: ConcurrencyLimit): MiddlewareHandler<RegistryEnv> {
  return (_c, next) => limit.run(next)
}

/** The limits of the anonymous routes whose cost per request is high (issue 15). */
export interface CostlyRouteLimits {
  /** `GET /metrics` (its rendering is also cached, see metrics-route.ts). */
  readonly metrics: ConcurrencyLimit
  /** `GET /metrics` answers per cache period (metrics-route.ts's metricsAnswerBudget). */
  readonly metricsAnswers: AnswerBudget
  /** `POST /mcp`: a server and transport per request. */
  readonly mcp: ConcurrencyLimit
  /** `GET /v1/skills` (search: a database query per request). */
  readonly search: ConcurrencyLimit
}

/**
 * Per-replica defaults (docs/deploy.md): enough to keep two cores busy on real work, few enough
 * that a flood queues at most a second or so of it and refuses the rest at once, so that the
 * event loop always reaches `/livez` and `/readyz` (which no limit covers) within milliseconds.
 */
export function createCostlyRouteLimits(): CostlyRouteLimits {
  return {
    metrics: createConcurrencyLimit({ name: 'GET /metrics', concurrency: 2, queue: 16 }),
    metricsAnswers: metricsAnswerBudget(),
    mcp: createConcurrencyLimit({ name: 'POST /mcp', concurrency: 8, queue: 32 }),
    search: createConcurrencyLimit({ name: 'GET /v1/skills', concurrency: 8, queue: 32 }),
  }
}
