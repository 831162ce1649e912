import { SkillshipError } from '@skillship/core/errors'
import { ServeErrorCode } from '@skillship/registry-client/errors'

/** The serving options: the skill cache, warm-up, HTTP timeouts, metrics and access logs. */
export interface ServeConfig {
  /** Upper bound of the loaded-skill cache, in bytes (file bytes plus rendered answers). */
  readonly cacheMaxBytes: number
  /** How many of the most requested skills are loaded before /readyz turns ready (0: none). */
  readonly warmupSkills: number
  /** How many skill documents (metadata: versions, tags) stay cached. */
  readonly documentCacheEntries: number
  /** Idle keep-alive sockets are closed after this; keep it above the load balancer's. */
  readonly keepAliveTimeoutMs: number
  /** A request whose headers take longer than this is dropped (slowloris). */
  readonly headersTimeoutMs: number
  /** Prefix of every metric name, so a dashboard keyed on older names keeps working. */
  readonly metricsPrefix: string
  /** Share of requests logged at info (0..1); every request is logged at debug. */
  readonly accessLogSample: number
  /** How often the experiment evaluator (one replica, by lease) checks running experiments. */
  readonly evaluatorIntervalMs: number
  /** How often the blob collector (one replica, by lease) deletes unreferenced blobs. */
  readonly blobCollectIntervalMs: number
  /** Unreferenced blobs younger than this are kept: it must exceed any publish's duration. */
  readonly blobGraceMs: number
  /** How often buffered load statistics are written: a crash loses at most this window. */
  readonly statsFlushMs: number
  /** Most (skill version, hour) entries buffered between two writes; loads past it are dropped. */
  readonly statsBufferEntries: number
  /** Load statistics and experiment snapshots older than this many days are deleted. */
  readonly statsRetentionDays: number
  /**
   * Behind a TLS-terminating proxy that sets `X-Forwarded-Proto`: the console's session cookies
   * are then Secure when that header says https. Off by default (a client's own header proves
   * nothing when nothing strips it).
   */
  readonly trustProxy: boolean
}

/**
 * Reads the serving options from `SKILLSHIP_CACHE_MAX_BYTES` (default 256 MiB),
 * `SKILLSHIP_WARMUP_SKILLS` (100), `SKILLSHIP_DOCUMENT_CACHE_ENTRIES` (10 000),
 * `SKILLSHIP_KEEP_ALIVE_TIMEOUT_MS` (65 000),
 * `SKILLSHIP_HEADERS_TIMEOUT_MS` (66 000), `SKILLSHIP_METRICS_PREFIX` (`skillship_`),
 * `SKILLSHIP_ACCESS_LOG_SAMPLE` (0), `SKILLSHIP_EVALUATOR_INTERVAL_MS` (5 000),
 * `SKILLSHIP_TRUST_PROXY` (false), `SKILLSHIP_BLOB_GC_INTERVAL_MS` (6 hours),
 * `SKILLSHIP_BLOB_GC_GRACE_MS` (1 hour, at least 1 minute), `SKILLSHIP_STATS_FLUSH_MS` (5 000),
 * `SKILLSHIP_STATS_BUFFER_ENTRIES` (10 000) and `SKILLSHIP_STATS_RETENTION_DAYS` (90). Throws
 * SERVE_CONFIG_INVALID naming the first bad variable.
 */
export function parseServeConfig(env: Readonly<Record<string, string | undefined>>): ServeConfig {
  const keepAliveTimeoutMs = whole(env, 'SKILLSHIP_KEEP_ALIVE_TIMEOUT_MS', 1000, 3_600_000, 65_000)
  const headersTimeoutMs = whole(env, 'SKILLSHIP_HEADERS_TIMEOUT_MS', 1000, 3_600_000, 66_000)
  // Node requires headersTimeout > keepAliveTimeout, else idle sockets race new requests.
  if (headersTimeoutMs <= keepAliveTimeoutMs) {
    throw invalid(
      'SKILLSHIP_HEADERS_TIMEOUT_MS',
      `must be above SKILLSHIP_KEEP_ALIVE_TIMEOUT_MS (${keepAliveTimeoutMs})`,
    )
  }
  return {
    cacheMaxBytes: whole(
      env,
      'SKILLSHIP_CACHE_MAX_BYTES',
      1024 * 1024,
      64 * 1024 ** 3,
      256 * 1024 ** 2,
    ),
    warmupSkills: whole(env, 'SKILLSHIP_WARMUP_SKILLS', 0, 100_000, 100),
    documentCacheEntries: whole(env, 'SKILLSHIP_DOCUMENT_CACHE_ENTRIES', 100, 1_000_000, 10_000),
    keepAliveTimeoutMs,
    headersTimeoutMs,
    metricsPrefix: metricsPrefix(env['SKILLSHIP_METRICS_PREFIX']),
    accessLogSample: fraction(env, 'SKILLSHIP_ACCESS_LOG_SAMPLE'),
    evaluatorIntervalMs: whole(env, 'SKILLSHIP_EVALUATOR_INTERVAL_MS', 100, 3_600_000, 5000),
    blobCollectIntervalMs: whole(env, 'SKILLSHIP_BLOB_GC_INTERVAL_MS', 60_000, 7 * day, 6 * hour),
    blobGraceMs: whole(env, 'SKILLSHIP_BLOB_GC_GRACE_MS', 60_000, 7 * day, hour),
    statsFlushMs: whole(env, 'SKILLSHIP_STATS_FLUSH_MS', 100, 5 * 60_000, 5000),
    statsBufferEntries: whole(env, 'SKILLSHIP_STATS_BUFFER_ENTRIES', 100, 1_000_000, 10_000),
    statsRetentionDays: whole(env, 'SKILLSHIP_STATS_RETENTION_DAYS', 1, 3650, 90),
    trustProxy: flag(env, 'SKILLSHIP_TRUST_PROXY'),
  }
}

function flag(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase()
  if (raw === '' || raw === '0' || raw === 'false') return false
  if (raw === '1' || raw === 'true') return true
  throw invalid(name, `'${env[name]}' is not true, false, 1 or 0`)
}

const hour = 60 * 60 * 1000
const day = 24 * hour

/** A whole-number variable in [min, max], `fallback` when unset; SERVE_CONFIG_INVALID otherwise. */
export function whole(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(name, `'${raw}' is not a whole number from ${min} to ${max}`)
  }
  return value
}

function fraction(env: Readonly<Record<string, string | undefined>>, name: string): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return 0
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw invalid(name, `'${raw}' is not a number from 0 to 1`)
  }
  return value
}

// Prometheus names: [a-zA-Z_:][a-zA-Z0-9_:]*; the prefix is glued in front of ours.
function metricsPrefix(raw: string | undefined): string {
  if (raw === undefined) return 'skillship_'
  if (!/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/.test(raw)) {
    throw invalid('SKILLSHIP_METRICS_PREFIX', `'${raw}' is not a valid Prometheus name prefix`)
  }
  return raw
}

function invalid(name: string, problem: string): SkillshipError {
  return new SkillshipError(ServeErrorCode.ConfigInvalid, `${name} ${problem}`, {
    hint: `Fix ${name} and start the server again.`,
  })
}
