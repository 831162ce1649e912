import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import type { Logger } from 'pino'
import { createAuditPool } from '../audit/audit-pool.js'
import type { ServerConfig } from '../config/server-config.js'
import type { EventLimits } from '../experiments/event-limits.js'
import {
  type ExperimentEvaluator,
  startExperimentEvaluator,
} from '../experiments/experiment-evaluator.js'
import { createExperimentService } from '../experiments/experiment-service.js'
import { startHealthProbes } from '../health/health-listener.js'
import { createBusyRefusals } from '../http/busy-fast-path.js'
import { createCostlyRouteLimits } from '../http/concurrency-limit.js'
import { createDocumentFastPath } from '../http/document-fast-path.js'
import { createLoadFastPath } from '../http/load-fast-path.js'
import { createLocalInvalidationBus } from '../invalidation/create-local-invalidation-bus.js'
import type { InvalidationBus } from '../invalidation/invalidation-bus.js'
import { startPostgresInvalidationBus } from '../invalidation/start-postgres-invalidation-bus.js'
import { applyServerTimeouts } from '../lifecycle/apply-server-timeouts.js'
import { shutdownOnce } from '../lifecycle/shutdown-server.js'
import { createServingCaches } from '../load/create-serving-caches.js'
import type { LoadObserver, LoadRecordHook } from '../load/skill-loader.js'
import { startLoadCountFlush } from '../load/start-load-count-flush.js'
import { warmUpSkills } from '../load/warm-up-skills.js'
import { createLogger } from '../logging/create-logger.js'
import { instrumentFastPath } from '../metrics/instrument-fast-path.js'
import { createServeMetrics, type ServeMetrics } from '../metrics/serve-metrics.js'
import { publishScratchRoot, removeStaleScratch } from '../publish/publish-scratch.js'
import { loadRegistryKeyring } from '../signing/load-registry-keyring.js'
import type { RegistryKeyring } from '../signing/registry-keyring.js'
import { createLoadRecorder } from '../stats/load-recorder.js'
import { startStatsFlush } from '../stats/start-stats-flush.js'
import { type BlobCollector, startBlobCollector } from '../storage/blob-collector.js'
import { createStorage, type Storage } from '../storage/create-storage.js'
import { createRegistryApp } from './create-registry-app.js'
import { listenOn } from './listen-on.js'
import type { Lifecycle, RegistryDeps } from './registry-deps.js'
import { seedSkills } from './seed-skills.js'

/** A listening server. `close` drains it: readiness off, no new connections, in-flight finished. */
export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly storage: 'sqlite' | 'postgres'
  /** The health listener's URL (`/livez`, `/readyz` on a thread of their own), when configured. */
  readonly healthUrl: string | undefined
  /** Resolves when warm-up is done and /readyz may turn ready (it never rejects). */
  readonly warmedUp: Promise<void>
  close(): Promise<void>
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  readonly logger?: Logger
  readonly examplesDir?: string
  /** Metrics hook of every skill load (see LoadObserver). */
  readonly onLoad?: LoadObserver
  /** The server version, for the build_info metric. */
  readonly version?: string
  /** Cadence of the experiment evaluator (default SKILLSHIP_EVALUATOR_INTERVAL_MS); tests make it short. */
  readonly evaluatorIntervalMs?: number
  /** Least time between two snapshots of a running experiment (default 60 s); tests make it 0. */
  readonly snapshotEveryMs?: number
  /** Limits of `POST /v1/events` (experiments/event-limits.ts); tests make them small. */
  readonly eventLimits?: Partial<EventLimits>
}

/**
 * Opens storage (migrating it) and the invalidation bus (LISTEN/NOTIFY with PostgreSQL, in
 * process otherwise), publishes the example skills when asked, builds the caches and the app, and
 * listens on `config.host:config.port` (port 0 picks a free one). Then warms the cache with the
 * `config.serve.warmupSkills` most loaded skills while already serving; /readyz answers 503 until
 * that is done. Load counts are flushed to storage every 30 s and at close; load statistics every
 * `config.serve.statsFlushMs` and at close (pruned past `statsRetentionDays`). Unreferenced blobs are
 * collected at start and every `config.serve.blobCollectIntervalMs` (storage/blob-collector.ts,
 * one replica at a time by lease). Installs no signal
 * handlers: the caller (the CLI) decides when to `close`.
 */
export async function startServer(
  config: ServerConfig,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel)
  const storage = await createStorage({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
    onIdleConnectionError: (error) =>
      logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it'),
  })
  const invalidation = await openInvalidationBus(storage, logger)
  try {
    const removed = await removeStaleScratch(publishScratchRoot(config.dataDir))
    if (removed.length > 0) logger.info({ removed }, 'removed scratch folders of crashed publishes')
    const registryKeys = await loadRegistryKeyring(config.registryKeys, new Date())
    if (storage.kind === 'postgres' && config.registryKeys.kind === 'data')
      logger.warn(
        { path: config.registryKeys.path },
        'replicas sharing PostgreSQL need one registry keyring: set SKILLSHIP_REGISTRY_KEYS or SKILLSHIP_REGISTRY_KEYS_FILE',
      )
    return await serve(config, options, logger, storage, { invalidation, registryKeys })
  } catch (error) {
    // Nothing may stay open after a failed start (the caller never gets a `close`).
    await invalidation.close()
    await storage.close()
    throw error
  }
}

async function serve(
  config: ServerConfig,
  options: StartServerOptions,
  logger: Logger,
  storage: Storage,
  shared: { readonly invalidation: InvalidationBus; readonly registryKeys: RegistryKeyring },
): Promise<RunningServer> {
  const { invalidation } = shared
  const deps = servingDeps(config, options, logger, storage, shared)
  const { lifecycle, metrics } = deps
  if (options.examplesDir !== undefined) await seedExamples(deps, options.examplesDir)
  const recording = startRecording(config, metrics, storage, logger)
  const caches = createServingCaches(deps, {
    memoryBytes: config.serve.cacheMaxBytes,
    documentEntries: config.serve.documentCacheEntries,
    onLoad: (seconds, cache, outcome) => {
      metrics.observeLoad(seconds, cache, outcome)
      options.onLoad?.(seconds, cache, outcome)
    },
    onLoaded: recording.onLoaded,
  })
  metrics.watchCache(() => caches.loader.stats())
  metrics.watchWithheld(() => deps.metadata.countBlockedVersions())
  // Before the main listener: a health port that cannot listen fails the start with nothing open.
  const health = await startHealth(config, deps)
  if (health !== undefined) metrics.watchHealthProbes(() => health.answers())
  const server = listenWith(deps, caches, config, metrics)
  // Nothing started here may outlive a failed start (the caller closes storage and the bus).
  await listenOn(server, config.port, config.host).catch(async (error: unknown) => {
    await Promise.all([health?.close(), recording.close(), caches.close()])
    throw error
  })
  const flush = startLoadCountFlush({ counter: caches.loadCounts, metadata: deps.metadata, logger })
  const evaluator = startEvaluator(deps, options, config)
  const blobCollector = startCollector(storage, deps, config)
  const { port } = server.address() as AddressInfo
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  logger.info(
    { url, storage: storage.kind, dataDir: storage.kind === 'sqlite' ? config.dataDir : undefined },
    'skillship server listening',
  )
  const warmedUp = startWarmUp(deps, caches, config)
  return {
    url,
    port,
    storage: storage.kind,
    healthUrl: health?.url,
    warmedUp,
    // Readiness off, stop accepting, finish in flight; then, in order: nothing loads or counts
    // any more, the last counts, the caches, the listener, the pools.
    close: shutdownOnce({
      server,
      lifecycle,
      timeoutMs: config.shutdownTimeoutMs,
      logger,
      resources: [
        () => warmedUp,
        () => flush.close(),
        () => recording.close(),
        async () => evaluator?.close(),
        () => blobCollector.close(),
        async () => deps.experiments?.close(),
        async () => caches.close(),
        () => deps.audit?.auditor.close() ?? Promise.resolve(),
        () => invalidation.close(),
        // Probes keep their answers until the end (liveness 200, readiness 503 shutting-down).
        async () => health?.close(),
        () => storage.close(),
      ],
    }),
  }
}

// The health listener on its own thread (health/), only when SKILLSHIP_HEALTH_PORT is set.
async function startHealth(config: ServerConfig, deps: RegistryDeps) {
  const { port, staleMs } = config.health
  if (port === undefined) return undefined
  const { lifecycle, logger, metadata } = deps
  const ping = () => metadata.ping()
  return startHealthProbes({ port, staleMs, host: config.host, lifecycle, logger, ping })
}

// Warms the cache while serving; readiness turns on when done (never rejects).
function startWarmUp(
  deps: RegistryDeps,
  caches: ReturnType<typeof createServingCaches>,
  config: ServerConfig,
): Promise<void> {
  const { lifecycle, logger } = deps
  return warmUpSkills({
    loader: caches.loader,
    metadata: deps.metadata,
    logger,
    count: config.serve.warmupSkills,
    memoryBytes: config.serve.cacheMaxBytes,
    stopped: () => lifecycle.shuttingDown,
  }).then(
    () => {
      lifecycle.warm = true
    },
    // warmUpSkills handles its own failures; anything else is a bug, logged, and not fatal either.
    (error: unknown) => {
      logger.error({ err: error }, 'warm-up failed')
      lifecycle.warm = true
    },
  )
}

// The console's load statistics: the loader's hook records into a bounded buffer (and the phase
// histogram), written every `statsFlushMs` and at close, pruned past `statsRetentionDays`.
function startRecording(
  config: ServerConfig,
  metrics: ServeMetrics,
  storage: Storage,
  logger: Logger,
): { readonly onLoaded: LoadRecordHook; close(): Promise<void> } {
  const recorder = createLoadRecorder({ maxEntries: config.serve.statsBufferEntries })
  metrics.watchStatsDropped(() => recorder.dropped())
  const flush = startStatsFlush({
    recorder,
    store: storage.stats,
    logger,
    intervalMs: config.serve.statsFlushMs,
    retentionDays: config.serve.statsRetentionDays,
  })
  return {
    onLoaded: (name, version, seconds, hit, phases) => {
      recorder.record(name, version, seconds, hit, phases)
      metrics.observePhases(phases)
    },
    close: () => flush.close(),
  }
}

// The app's dependencies for one process: storage, the bus, a fresh lifecycle and metrics.
function servingDeps(
  config: ServerConfig,
  options: StartServerOptions,
  logger: Logger,
  storage: Storage,
  shared: { readonly invalidation: InvalidationBus; readonly registryKeys: RegistryKeyring },
): RegistryDeps & { readonly metrics: ServeMetrics } {
  const { invalidation, registryKeys } = shared
  const lifecycle: Lifecycle = { shuttingDown: false, warm: config.serve.warmupSkills === 0 }
  const metrics = createServeMetrics({
    prefix: config.serve.metricsPrefix,
    version: options.version ?? 'unknown',
  })
  return {
    metadata: storage.metadata,
    blobs: storage.blobs,
    logger,
    maxUploadBytes: config.maxUploadBytes,
    sharedStorage: storage.kind === 'postgres',
    invalidation,
    registryKeys,
    requireSignatures: config.requireSignatures,
    lifecycle,
    metrics,
    // Shared by the app's limits and the raw listener's refusals (listenWith).
    limits: createCostlyRouteLimits(),
    stats: storage.stats,
    activity: storage.activity,
    scratchDir: publishScratchRoot(config.dataDir),
    // Uploads are judged on worker threads, off the event loop that answers probes and loads.
    audit: {
      auditor: createAuditPool({
        pack: config.audit.pack,
        workers: config.audit.workers,
        queue: config.audit.queue,
      }),
      policy: config.audit.policy,
    },
    accessLogSample: config.serve.accessLogSample,
    console: { trustProxy: config.serve.trustProxy },
    ...(options.version === undefined ? {} : { version: options.version }),
    experiments: createExperimentService({
      store: storage.experiments,
      invalidation,
      sharedStorage: storage.kind === 'postgres',
      logger,
      onDecision: (action, by) => metrics.countExperimentDecision(action, by),
      ...(options.eventLimits === undefined ? {} : { eventLimits: options.eventLimits }),
    }),
  }
}

// The experiment evaluator runs in every process; the storage lease lets one of them act.
function startEvaluator(
  deps: RegistryDeps,
  options: StartServerOptions,
  config: ServerConfig,
): ExperimentEvaluator | undefined {
  if (deps.experiments === undefined) return undefined
  return startExperimentEvaluator({
    service: deps.experiments,
    metadata: deps.metadata,
    logger: deps.logger,
    intervalMs: options.evaluatorIntervalMs ?? config.serve.evaluatorIntervalMs,
    ...(deps.activity === undefined ? {} : { activity: deps.activity }),
    ...(deps.stats === undefined ? {} : { stats: deps.stats }),
    ...(options.snapshotEveryMs === undefined ? {} : { snapshotEveryMs: options.snapshotEveryMs }),
  })
}

// Other replicas may be serving already: announce every skill published now.
async function seedExamples(deps: RegistryDeps, examplesDir: string): Promise<void> {
  for (const published of await seedSkills(deps, examplesDir)) {
    await deps.invalidation.publish(published.slice(0, published.lastIndexOf('@')))
  }
}

// Every process runs a collector; the storage lease lets one of them act.
function startCollector(
  storage: Storage,
  deps: RegistryDeps & { readonly metrics: ServeMetrics },
  config: ServerConfig,
): BlobCollector {
  return startBlobCollector({
    blobs: storage.blobs,
    leases: storage.experiments,
    logger: deps.logger,
    graceMs: config.serve.blobGraceMs,
    intervalMs: config.serve.blobCollectIntervalMs,
    onCollected: (count) => deps.metrics.countBlobsCollected(count),
  })
}

async function openInvalidationBus(storage: Storage, logger: Logger): Promise<InvalidationBus> {
  if (storage.postgres === undefined) {
    const changedElsewhere = storage.metadata.changedElsewhere?.bind(storage.metadata)
    return createLocalInvalidationBus(changedElsewhere === undefined ? {} : { changedElsewhere })
  }
  try {
    return await startPostgresInvalidationBus({ ...storage.postgres, logger })
  } catch (error) {
    await storage.close()
    throw error
  }
}

// The fast paths answer cached anonymous reads, and refuse floods of the costly routes, below
// Hono; everything else goes to the app.
function listenWith(
  deps: RegistryDeps,
  caches: ReturnType<typeof createServingCaches>,
  config: ServerConfig,
  metrics: ServeMetrics,
): Server {
  const listener = getRequestListener(createRegistryApp(deps, caches).fetch)
  const instruments = {
    metrics,
    logger: deps.logger,
    accessLogSample: config.serve.accessLogSample,
  }
  const documentFastPath = instrumentFastPath(createDocumentFastPath(deps, caches.documents), {
    ...instruments,
    route: '/v1/skills/:name',
  })
  const loadFastPath = instrumentFastPath(
    createLoadFastPath(caches.loader, deps.logger, deps.experiments),
    {
      ...instruments,
      route: '/v1/load/:name',
    },
  )
  // A costly route whose limit is full is refused before the framework (http/busy-fast-path.ts).
  const refusals = createBusyRefusals(deps.limits ?? createCostlyRouteLimits(), instruments)
  const server = createServer((request, response) => {
    if (documentFastPath(request, response) || loadFastPath(request, response)) return
    for (const refuse of refusals) if (refuse(request, response)) return
    listener(request, response).catch((error: unknown) =>
      deps.logger.error({ err: error }, 'request failed outside the app'),
    )
  })
  applyServerTimeouts(server, config.serve)
  return server
}
