import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import type { PhaseMilliseconds } from '../stats/stats-store.js'
import { type AuditMetrics, createAuditMetrics } from './audit-metrics.js'
import { FastHistogram, type Observe } from './fast-histogram.js'

/** How a skill load was answered (the loader's `onLoad` hook). */
export type LoadCacheLabel = 'hit' | 'miss'
export type LoadOutcomeLabel = 'ok' | 'not_found' | 'error'
export type PublishOutcomeLabel = 'ok' | 'rejected'
export type DecisionActionLabel = 'stopped' | 'rolled-back' | 'promoted'

/** Skill load time: 50 us (a cache hit) to 5 s; 1.5 s is the production alert threshold. */
export const loadDurationBuckets: readonly number[] = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5,
  2.5, 5,
]

/** HTTP request time: 100 us (a cached answer) to 10 s (a large publish). */
export const requestDurationBuckets: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]

/** The HTTP methods that get their own label value; anything else is `other`. */
const methodLabels = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** How many times the health listener answered `route` with `status`. */
export interface HealthProbeCount {
  readonly route: string
  readonly status: number
  readonly count: number
}

export interface CacheStats {
  readonly entries: number
  readonly bytes: number
}

/**
 * The server's metrics, in their own registry (never prom-client's global one, so two servers in
 * one process, or tests, never collide). Every observe function is safe on the hot path: tens of
 * nanoseconds, no allocation once a series exists. Names and labels are pinned by docs/metrics.md.
 */
export interface ServeMetrics extends AuditMetrics {
  readonly registry: Registry
  /** The skill loader's `onLoad` hook: one load's duration, cache result and outcome. */
  readonly observeLoad: (seconds: number, cache: LoadCacheLabel, outcome: LoadOutcomeLabel) => void
  /**
   * One HTTP request. `route` must be a route template (`/v1/load/:name`) or `unmatched`, never a
   * raw path; `status` is the exact status code (the server answers a fixed, small set).
   */
  readonly observeRequest: (method: string, route: string, status: number, seconds: number) => void
  /** One publish attempt: `ok` when stored, `rejected` for any refusal (4xx) or failure. */
  readonly countPublish: (outcome: PublishOutcomeLabel) => void
  /** An experiment ended: how, and whether the evaluator or a request (`api`) decided. */
  readonly countExperimentDecision: (action: DecisionActionLabel, by: string) => void
  /**
   * The phases of one successful load (milliseconds): each phase that took time is observed in
   * `skill_load_phase_duration_seconds` under its `phase` label.
   */
  readonly observePhases: (phases: Readonly<PhaseMilliseconds>) => void
  /** Where `skill_load_stats_dropped_total` reads from at scrape time (the load recorder). */
  readonly watchStatsDropped: (dropped: () => number) => void
  /**
   * Where `health_probe_answers_total` reads from at scrape time: the health listener's counts
   * (SKILLSHIP_HEALTH_PORT; without one the metric has no series).
   */
  readonly watchHealthProbes: (answers: () => readonly HealthProbeCount[]) => void
  /** One blob collection deleted `count` unreferenced blobs (storage/blob-collector.ts). */
  readonly countBlobsCollected: (count: number) => void
  /** Where the cache gauges read from at scrape time (the loader's `stats()`). */
  readonly watchCache: (stats: () => CacheStats) => void
  /** The exposition text and its content type, for `GET /metrics`. */
  readonly scrape: () => Promise<{ readonly body: string; readonly contentType: string }>
}

export interface ServeMetricsOptions {
  /** Prepended to every name, default prom-client's metrics included (`skillship_`). */
  readonly prefix: string
  /** The server's version, for `build_info`. */
  readonly version: string
  /** prom-client's process and Node.js metrics (default true; tests building many apps turn them off). */
  readonly processMetrics?: boolean
}

export function createServeMetrics(options: ServeMetricsOptions): ServeMetrics {
  const { prefix } = options
  const registry = new Registry()
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix })
  const observeLoad = loadObserver(registry, prefix)
  const observeRequest = requestObserver(registry, prefix)
  const publishes = new Counter({
    name: `${prefix}publishes_total`,
    help: 'Publish attempts by outcome: ok (stored) or rejected (refused or failed).',
    labelNames: ['outcome'],
    registers: [registry],
  })
  const publishCounters = { ok: publishes.labels('ok'), rejected: publishes.labels('rejected') }
  const decisions = new Counter({
    name: `${prefix}experiment_decisions_total`,
    help: 'Experiments ended, by action (stopped, rolled-back, promoted) and decider (evaluator, api).',
    labelNames: ['action', 'by'],
    registers: [registry],
  })
  // Every series exists from the start at 0, so increase() sees the first rollback of a process.
  for (const action of ['stopped', 'rolled-back', 'promoted'] as const)
    for (const by of ['evaluator', 'api'] as const) decisions.labels(action, by)
  const blobsCollected = new Counter({
    name: `${prefix}blobs_collected_total`,
    help: 'Unreferenced blobs (of crashed publishes) deleted by the blob collector.',
    registers: [registry],
  })
  let cacheStats: () => CacheStats = () => ({ entries: 0, bytes: 0 })
  new Gauge({
    name: `${prefix}skill_cache_bytes`,
    help: 'Bytes held by the loaded-skill cache (file bytes plus rendered answers).',
    registers: [registry],
    collect() {
      this.set(cacheStats().bytes)
    },
  })
  new Gauge({
    name: `${prefix}skill_cache_entries`,
    help: 'Entries in the loaded-skill cache.',
    registers: [registry],
    collect() {
      this.set(cacheStats().entries)
    },
  })
  new Gauge({
    name: `${prefix}build_info`,
    help: 'Always 1; the labels say which server version runs on which Node.js.',
    labelNames: ['version', 'node'],
    registers: [registry],
  }).set({ version: options.version, node: process.version }, 1)
  const auditMetrics = createAuditMetrics(registry, prefix)
  return {
    ...auditMetrics,
    registry,
    observeLoad,
    observeRequest,
    observePhases: phaseObserver(registry, prefix),
    watchStatsDropped: statsDroppedCounter(registry, prefix),
    watchHealthProbes: healthProbeCounter(registry, prefix),
    countPublish: (outcome) => publishCounters[outcome].inc(),
    // A token name decides through the API; only the evaluator is named as such.
    countExperimentDecision: (action, by) =>
      decisions.labels(action, by === 'evaluator' ? 'evaluator' : 'api').inc(),
    countBlobsCollected: (count) => blobsCollected.inc(count),
    watchCache: (stats) => {
      cacheStats = stats
    },
    scrape: async () => ({ body: await registry.metrics(), contentType: registry.contentType }),
  }
}

// Every (cache, outcome) series exists from the start at 0, so rate() and absent() behave.
function loadObserver(registry: Registry, prefix: string): ServeMetrics['observeLoad'] {
  const histogram = new FastHistogram({
    name: `${prefix}skill_load_duration_seconds`,
    help: 'Time to answer one skill load, from the cache (hit) or storage (miss), in seconds.',
    labelNames: ['cache', 'outcome'],
    buckets: loadDurationBuckets,
    registry,
  })
  const counter = (name: string, help: string) =>
    new Counter({ name: `${prefix}${name}`, help, registers: [registry] })
  const hits = counter('skill_cache_hits_total', 'Skill loads answered from the cache.')
  const misses = counter('skill_cache_misses_total', 'Skill loads that had to read storage.')
  const bind = (cache: LoadCacheLabel) => ({
    ok: histogram.series(cache, 'ok'),
    not_found: histogram.series(cache, 'not_found'),
    error: histogram.series(cache, 'error'),
  })
  const series = { hit: bind('hit'), miss: bind('miss') }
  return (seconds, cache, outcome) => {
    series[cache][outcome](seconds)
    if (cache === 'hit') hits.inc()
    else misses.inc()
  }
}

// A counter read from the load recorder at scrape time.
function statsDroppedCounter(
  registry: Registry,
  prefix: string,
): ServeMetrics['watchStatsDropped'] {
  let dropped: () => number = () => 0
  new Counter({
    name: `${prefix}skill_load_stats_dropped_total`,
    help: 'Loads left out of the recorded load statistics because the buffer was full.',
    registers: [registry],
    collect() {
      this.reset()
      this.inc(dropped())
    },
  })
  return (read) => {
    dropped = read
  }
}

function healthProbeCounter(registry: Registry, prefix: string): ServeMetrics['watchHealthProbes'] {
  let answers: () => readonly HealthProbeCount[] = () => []
  new Counter({
    name: `${prefix}health_probe_answers_total`,
    help: 'Answers of the health listener (SKILLSHIP_HEALTH_PORT), by probe route and status.',
    labelNames: ['route', 'status'],
    registers: [registry],
    collect() {
      this.reset()
      for (const { route, status, count } of answers()) this.inc({ route, status }, count)
    },
  })
  return (read) => {
    answers = read
  }
}

/** Phase times: 10 us (resolving a cached name) to 5 s, the load buckets with one below. */
export const phaseDurationBuckets: readonly number[] = [0.00001, ...loadDurationBuckets]

// Every phase series exists from the start at 0; a phase that took no time (a cache hit's
// storage phases) is not observed.
function phaseObserver(registry: Registry, prefix: string): ServeMetrics['observePhases'] {
  const histogram = new FastHistogram({
    name: `${prefix}skill_load_phase_duration_seconds`,
    help: 'Time one successful skill load spent in each phase of the load path, in seconds.',
    labelNames: ['phase'],
    buckets: phaseDurationBuckets,
    registry,
  })
  const resolve = histogram.series('resolve')
  const blobRead = histogram.series('blob_read')
  const integrity = histogram.series('integrity')
  const unpack = histogram.series('unpack')
  const render = histogram.series('render')
  return (phases) => {
    if (phases.resolve > 0) resolve(phases.resolve / 1000)
    if (phases.blobRead > 0) blobRead(phases.blobRead / 1000)
    if (phases.integrity > 0) integrity(phases.integrity / 1000)
    if (phases.unpack > 0) unpack(phases.unpack / 1000)
    if (phases.render > 0) render(phases.render / 1000)
  }
}

// Series are resolved once per (route, method, status) and kept: two Map lookups per request.
function requestObserver(registry: Registry, prefix: string): ServeMetrics['observeRequest'] {
  const histogram = new FastHistogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'Time to answer one HTTP request, by method, route template and status code, in seconds.',
    labelNames: ['method', 'route', 'status'],
    buckets: requestDurationBuckets,
    registry,
  })
  const byRoute = new Map<string, Map<number, Observe>>()
  return (method, route, status, seconds) => {
    let byKey = byRoute.get(route)
    if (byKey === undefined) {
      byKey = new Map()
      byRoute.set(route, byKey)
    }
    const methodIndex = (methodLabels as readonly string[]).indexOf(method)
    const key = (methodIndex + 1) * 1000 + status
    let observe = byKey.get(key)
    if (observe === undefined) {
      observe = histogram.series(methodLabels[methodIndex] ?? 'other', route, String(status))
      byKey.set(key, observe)
    }
    observe(seconds)
  }
}
