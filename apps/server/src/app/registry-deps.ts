import type { Logger } from 'pino'
import type { ActivityStore } from '../activity/activity-store.js'
import type { RegistryAudit } from '../audit/registry-audit.js'
import type { ConsoleAssets } from '../console/console-assets.js'
import type { ExperimentService } from '../experiments/experiment-service.js'
import type { CostlyRouteLimits } from '../http/concurrency-limit.js'
import type { InvalidationBus } from '../invalidation/invalidation-bus.js'
import type { ServeMetrics } from '../metrics/serve-metrics.js'
import type { RegistryKeyring } from '../signing/registry-keyring.js'
import type { StatsStore } from '../stats/stats-store.js'
import type { BlobStore } from '../storage/blob-store.js'
import type { MetadataStore } from '../storage/metadata-store.js'

/** Where the process is in its life, read by /readyz. */
export interface Lifecycle {
  /** Flipped when shutdown begins, so /readyz answers 503 while in-flight requests finish. */
  shuttingDown: boolean
  /** False until warm-up has loaded the most requested skills; /readyz answers 503 until then. */
  warm: boolean
}

/** What the registry app is built from; tests pass their own. */
export interface RegistryDeps {
  readonly metadata: MetadataStore
  readonly blobs: BlobStore
  readonly logger: Logger
  readonly maxUploadBytes: number
  /** True when several processes share the metadata store (PostgreSQL), so caches must revalidate. */
  readonly sharedStorage: boolean
  /**
   * Every write that changes what a skill name resolves to publishes the name here after it
   * committed; the caches subscribe. In-process for SQLite, LISTEN/NOTIFY for PostgreSQL.
   */
  readonly invalidation: InvalidationBus
  readonly now?: () => Date
  readonly lifecycle: Lifecycle
  /** Metrics (GET /metrics, request durations, publish counts); absent in most tests. */
  readonly metrics?: ServeMetrics
  /** Share of requests logged at info (SKILLSHIP_ACCESS_LOG_SAMPLE); default 0. */
  readonly accessLogSample?: number
  /** The server's version, as MCP's serverInfo and build_info report it. */
  readonly version?: string
  /**
   * Experiments (issue 7): assignment on loads, /v1/experiments, /v1/events. Absent (no
   * experiment routes, loads never assigned) when the storage has no experiment store.
   */
  readonly experiments?: ExperimentService
  /**
   * The server-owned folder publishes unpack into (`<data folder>/scratch`, cleaned of crashed
   * publishes' leftovers at start); default: the system temp folder.
   */
  readonly scratchDir?: string
  /**
   * How uploads are audited (the worker pool and the publish policy of the server's settings);
   * default: the shipped rule pack on the calling thread under the `default` policy.
   */
  readonly audit?: RegistryAudit
  /**
   * The console's recorded series, behind `GET /v1/skills/:name/stats` and
   * `GET /v1/experiments/:key/history` (absent: no such routes).
   */
  readonly stats?: StatsStore
  /** The activity log: every action appends to it, `GET /v1/activity` reads it (absent: neither). */
  readonly activity?: ActivityStore
  /** Concurrency limits of `/metrics`, `/mcp` and search; default createCostlyRouteLimits(). */
  readonly limits?: CostlyRouteLimits
  /**
   * The web console (console/): `trustProxy` lets `X-Forwarded-Proto: https` mark session cookies
   * Secure (SKILLSHIP_TRUST_PROXY, default false); `assets` defaults to the built ones.
   */
  readonly console?: { readonly trustProxy?: boolean; readonly assets?: ConsoleAssets }
  /**
   * The registry's signing keys (`GET /v1/keys`); every accepted version is signed with the
   * newest valid one. Absent in tests that do not sign: versions then carry no signature.
   */
  readonly registryKeys?: RegistryKeyring
  /** Skill-name globs whose publishes must carry a publisher signature; default none. */
  readonly requireSignatures?: readonly string[]
}
