import { SkillshipError } from '@skillship/core'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import type { Hono } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'
import type { ServeMetrics } from '../metrics/serve-metrics.js'

/**
 * How long one rendering of `/metrics` is served again (docs/metrics.md): rendering costs about
 * 12 ms of CPU and 140 KB, and anyone may ask; Prometheus scrapes every 15 s or more, so a
 * 2-second-old answer loses nothing.
 */
export const metricsCacheMs = 2000

/**
 * Answers of `/metrics` per cache period (10 a second per replica): far above what scrapers ask,
 * and a flood past it gets a 60-byte 503 instead of 140 KB each. Serving the cached text to 200
 * greedy clients kept the event loop busy enough to delay `/livez` (bench/hardening.ts).
 */
export const metricsAnswersPerPeriod = 20

type Scrape = ServeMetrics['scrape']

/**
 * `scrape`, rendered at most once per `ttlMs` (by `now`): callers within that time, and those
 * arriving while a rendering is under way, share its result. A failed rendering is not kept.
 */
export function cacheScrape(scrape: Scrape, ttlMs = metricsCacheMs, now = Date.now): Scrape {
  let cached: { at: number; result: ReturnType<Scrape> } | undefined
  return () => {
    const at = now()
    if (cached !== undefined && at - cached.at < ttlMs) return cached.result
    const entry = { at, result: scrape() }
    cached = entry
    entry.result.catch(() => {
      if (cached === entry) cached = undefined
    })
    return entry.result
  }
}

/** At most so many passes per period; past that, SERVE_BUSY without any work. */
export interface AnswerBudget {
  /** Takes one pass, or throws {@link AnswerBudget.refusal} when the period's are used up. */
  spend(): void
  /** True when `spend` would throw now (takes nothing). */
  exhausted(): boolean
  readonly refusal: SkillshipError
}

/**
 * At most `max` passes per `periodMs` (fixed windows by `now`); past that, `refusal` (one error
 * for every refusal: no stack captured per refused request).
 */
export function answerBudget(
  refusal: SkillshipError,
  max: number,
  periodMs: number,
  now: () => number = Date.now,
): AnswerBudget {
  let windowStart = Number.NEGATIVE_INFINITY
  let used = 0
  const roll = (): void => {
    const at = now()
    if (at - windowStart >= periodMs) {
      windowStart = at
      used = 0
    }
  }
  return {
    refusal,
    spend: () => {
      roll()
      if (++used > max) throw refusal
    },
    exhausted: () => {
      roll()
      return used >= max
    },
  }
}

/**
 * The budget of `/metrics` answers: {@link metricsAnswersPerPeriod} per {@link metricsCacheMs};
 * past that, SERVE_BUSY (503 with Retry-After), without any work.
 */
export function metricsAnswerBudget(now: () => number = Date.now): AnswerBudget {
  const refusal = new SkillshipError(ServeErrorCode.Busy, '/metrics is busy: too many scrapes', {
    hint: 'Scrape less often (Prometheus scrapes every 15 s or more); retry after Retry-After.',
  })
  return answerBudget(refusal, metricsAnswersPerPeriod, metricsCacheMs, now)
}

/**
 * `GET /metrics`: the Prometheus text exposition of the server's own registry (names and labels in
 * docs/metrics.md), rendered at most every {@link metricsCacheMs} and answered at most
 * {@link metricsAnswersPerPeriod} times in that period. No token: it carries no skill names, users
 * or paths, only bounded labels; keep the port off the public internet or filter `/metrics` at the
 * ingress if that matters.
 */
export function registerMetricsRoute(
  app: Hono<RegistryEnv>,
  metrics: ServeMetrics,
  budget: AnswerBudget = metricsAnswerBudget(),
): void {
  const scrape = cacheScrape(() => metrics.scrape())
  app.get('/metrics', async (c) => {
    budget.spend()
    const { body, contentType } = await scrape()
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' })
  })
}
