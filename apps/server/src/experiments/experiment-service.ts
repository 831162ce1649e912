import type { ExperimentDecision, OutcomeEvent } from '@skillship/registry-client'
import type { Logger } from 'pino'
import type { InvalidationBus, InvalidationListener } from '../invalidation/invalidation-bus.js'
import { createEventLimiter, type EventLimits, type EventLimitVerdict } from './event-limits.js'
import { hashedArm } from './experiment-arms.js'
import type { ArmObservation, ExperimentRecord, ExperimentStore } from './experiment-store.js'
import { type IngestResult, ingestEvents } from './ingest-events.js'
import { createObservationQueue } from './observation-queue.js'

export type { IngestResult } from './ingest-events.js'

/** Which arm served a load. `exposed` is false for users outside the experiment (no id, uncovered). */
export interface ServedArm {
  readonly experiment: ExperimentRecord
  readonly variant: string
  readonly version: string
  readonly exposed: boolean
}

/** One served load, as the experiment loader measured it. */
export interface LoadObservation {
  readonly user: string
  readonly milliseconds: number
  readonly failed: boolean
  readonly trusted: boolean
}

/** Options of {@link createExperimentService}. */
export interface ExperimentServiceOptions {
  readonly store: ExperimentStore
  readonly invalidation: InvalidationBus
  /** True with PostgreSQL: the running-experiment cache is exact only while the bus is live. */
  readonly sharedStorage: boolean
  readonly logger: Logger
  readonly now?: () => Date
  /** How often batched load observations go to storage (default 1000 ms). */
  readonly flushIntervalMs?: number
  /** Most (experiment, user) assignments remembered in process (default 100,000). */
  readonly assignmentCacheEntries?: number
  /** Limits of `POST /v1/events` per token and per user (defaults in event-limits.ts). */
  readonly eventLimits?: Partial<EventLimits>
  /** Called once per experiment that ended (metrics: evaluator rollbacks alert through it). */
  readonly onDecision?: (action: ExperimentDecision['action'], by: string) => void
}

/**
 * Experiments at serving time: the running experiment of each skill (cached, invalidated through
 * the bus), sticky assignment (hash v2, then first-write-wins in storage, remembered in process),
 * the automatic guardrail observations of served loads (batched, flushed every second and at
 * close) and outcome events.
 */
export interface ExperimentService extends InvalidationListener {
  readonly store: ExperimentStore
  now(): Date
  /** The running experiment of `skill`, through the cache. */
  running(skill: string): Promise<ExperimentRecord | undefined>
  /**
   * Synchronous peek for the fast path: null when the skill is known to have no running
   * experiment (and the cache is exact), the experiment when one runs, undefined when unknown.
   */
  runningCached(skill: string): ExperimentRecord | null | undefined
  /** The arm that serves `user` (control, not exposed, without a user or outside the coverage). */
  arm(experiment: ExperimentRecord, user: string | undefined): Promise<ServedArm>
  /** The stored arm of `user`, if any (cached). */
  storedVariant(experiment: ExperimentRecord, user: string): Promise<string | undefined>
  /**
   * Queues `load_time_ms` and `error` for a served load of an exposed user, counted once per user
   * and metric (the id is `load:<metric>:<user>`): n never exceeds the exposures. Loads without a
   * token that may read the skill or post its events (`trusted: false`) count into
   * `load_time_ms.anonymous` and `error.anonymous` instead, which the report shows and no default
   * guardrail watches: invented user ids cannot steer a rollback.
   */
  observeLoad(arm: ServedArm, load: LoadObservation): void
  /** Takes a batch of events of `token` from this replica's per-token and per-user limits. */
  limitEvents(token: string, events: readonly OutcomeEvent[]): EventLimitVerdict
  /** Counts validated outcome events whose skills the caller's events scope covers. */
  ingest(events: readonly OutcomeEvent[]): Promise<IngestResult>
  /** Publishes `skill` on the bus after an experiment of it changed (every replica forgets it). */
  changed(skill: string): Promise<void>
  /** Reports that an experiment ended (the action and who decided). */
  decided(action: ExperimentDecision['action'], by: string): void
  /** Writes the queued observations now. */
  flush(): Promise<void>
  /** Stops the flush timer and writes what is queued; unsubscribes from the bus. */
  close(): Promise<void>
}

// Without an exact cache (PostgreSQL while the bus is down), a running experiment is re-read
// after this long.
const notExactTtlMs = 1000

interface RunningEntry {
  readonly experiment: ExperimentRecord | null
  readonly at: number
}

/** A bounded map that forgets its oldest entry when full. */
function boundedMap(limit: number) {
  const entries = new Map<string, string>()
  return {
    get: (key: string) => entries.get(key),
    set(key: string, value: string) {
      if (entries.size >= limit) {
        const oldest = entries.keys().next().value
        if (oldest !== undefined) entries.delete(oldest)
      }
      entries.set(key, value)
    },
  }
}

function controlArm(experiment: ExperimentRecord): ServedArm {
  const control = experiment.variants[0]
  return {
    experiment,
    variant: control?.key ?? 'control',
    version: control?.version ?? '',
    exposed: false,
  }
}

// The arm of `user`: the remembered one, else hash v2 stored first-write-wins (every replica
// then serves what the first one stored); control, unexposed, outside the coverage.
async function stickyArm(
  store: ExperimentStore,
  assignments: ReturnType<typeof boundedMap>,
  experiment: ExperimentRecord,
  user: string,
  now: Date,
): Promise<ServedArm> {
  const key = `${experiment.key}\n${user}`
  let variant = assignments.get(key)
  if (variant === undefined) {
    const hashed = experiment.variants[hashedArm(experiment, user, now)]
    if (hashed === undefined) return controlArm(experiment)
    variant = await store.assign(experiment.key, user, hashed.key)
    assignments.set(key, variant)
  }
  const version = experiment.variants.find((candidate) => candidate.key === variant)?.version
  if (version === undefined) return controlArm(experiment)
  return { experiment, variant, version, exposed: true }
}

// The two observations of a load, with ids that count each user once per metric.
function loadObservations(arm: ServedArm, load: LoadObservation): ArmObservation[] {
  const { user, milliseconds, failed, trusted } = load
  const base = { experiment: arm.experiment.key, variant: arm.variant }
  const [time, error] = trusted
    ? ['load_time_ms', 'error']
    : ['load_time_ms.anonymous', 'error.anonymous']
  return [
    { id: `load:${time}:${user}`, ...base, metric: time, value: milliseconds },
    { id: `load:${error}:${user}`, ...base, metric: error, value: failed ? 1 : 0 },
  ]
}

export function createExperimentService(options: ExperimentServiceOptions): ExperimentService {
  const { store, invalidation } = options
  const now = options.now ?? (() => new Date())
  const runningBySkill = new Map<string, RunningEntry>()
  const assignments = boundedMap(options.assignmentCacheEntries ?? 100_000)
  const limiter = createEventLimiter(options.eventLimits)
  const queue = createObservationQueue(store, options.logger, options.flushIntervalMs ?? 1000)
  let generation = 0

  const fresh = (entry: RunningEntry) =>
    !options.sharedStorage || invalidation.isLive() || Date.now() - entry.at < notExactTtlMs

  const service: ExperimentService = {
    store,
    now,
    async running(skill) {
      const cached = runningBySkill.get(skill)
      if (cached !== undefined && fresh(cached)) return cached.experiment ?? undefined
      const seen = generation
      const experiment = (await store.runningExperiment(skill)) ?? null
      // An invalidation that arrived meanwhile may concern what was just read: do not keep it.
      if (seen === generation) runningBySkill.set(skill, { experiment, at: Date.now() })
      return experiment ?? undefined
    },
    runningCached(skill) {
      const cached = runningBySkill.get(skill)
      return cached === undefined || !fresh(cached) ? undefined : cached.experiment
    },
    arm: (experiment, user) =>
      user === undefined || user === ''
        ? Promise.resolve(controlArm(experiment))
        : stickyArm(store, assignments, experiment, user, now()),
    async storedVariant(experiment, user) {
      const key = `${experiment.key}\n${user}`
      const cached = assignments.get(key)
      if (cached !== undefined) return cached
      const stored = await store.getAssignment(experiment.key, user)
      if (stored !== undefined) assignments.set(key, stored)
      return stored
    },
    observeLoad(arm, load) {
      if (arm.exposed) queue.push(...loadObservations(arm, load))
    },
    limitEvents: (token, events) => limiter.take(token, events, Date.now()),
    ingest: (events) =>
      ingestEvents(
        { store, running: service.running, storedVariant: service.storedVariant },
        events,
      ),
    decided: (action, by) => options.onDecision?.(action, by),
    async changed(skill) {
      service.invalidate(skill)
      await invalidation.publish(skill)
    },
    invalidate(name) {
      generation++
      runningBySkill.delete(name)
    },
    invalidateAll() {
      generation++
      runningBySkill.clear()
    },
    flush: () => queue.flush(),
    async close() {
      unsubscribe()
      await queue.close()
    },
  }
  const unsubscribe = invalidation.subscribe(service)
  return service
}
