import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { SkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'
import { type AuditConfig, parseAuditConfig } from './audit-config.js'
import {
  type RegistryKeysSource,
  registryKeysSource,
  requireSignaturesPatterns,
} from './registry-keys-source.js'
import { parseServeConfig, type ServeConfig } from './serve-config.js'

/** Everything the server needs to start, parsed and validated once. */
export interface ServerConfig {
  readonly dataDir: string
  readonly port: number
  readonly host: string
  /** PostgreSQL for metadata and blobs (stateless replicas); undefined = embedded SQLite. */
  readonly databaseUrl: string | undefined
  readonly maxUploadBytes: number
  readonly logLevel: LogLevel
  /** How long a SIGTERM waits for in-flight requests before closing anyway. */
  readonly shutdownTimeoutMs: number
  /** Cache, warm-up, HTTP timeouts, metrics and access logs (see serve-config.ts). */
  readonly serve: ServeConfig
  /** The publish audit: policy, rule pack, worker pool (see audit-config.ts). */
  readonly audit: AuditConfig
  /** Where the registry's signing keys come from (registry-keys-source.ts). */
  readonly registryKeys: RegistryKeysSource
  /** Skill-name globs whose publishes must be signed (SKILLSHIP_REQUIRE_SIGNATURES). */
  readonly requireSignatures: readonly string[]
  /** The health listener on a thread of its own (docs/metrics.md#health). */
  readonly health: HealthConfig
}

/** `SKILLSHIP_HEALTH_PORT` and `SKILLSHIP_HEALTH_STALE_MS`. */
export interface HealthConfig {
  /** Its port (0 picks a free one); undefined: no health listener (the default). */
  readonly port: number | undefined
  /** Its `/livez` fails once the main event loop's heartbeat is older than this. */
  readonly staleMs: number
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

/** Command-line flags; each overrides its environment variable. */
export interface ServerFlags {
  readonly data?: string
  readonly port?: string
  readonly host?: string
}

export const defaultPort = 7464

/**
 * How old the main event loop's heartbeat may be before the health listener's `/livez` fails:
 * far above the longest turn a flood or a large publish causes (about 2 s on a loaded machine,
 * docs/benchmarks.md), so only a wedged loop fails it; with Kubernetes' default liveness probe
 * (every 10 s, 3 failures) a wedged replica restarts within about 40 s.
 */
export const defaultHealthStaleMs = 10_000

/**
 * Builds the server configuration from flags and environment variables (`SKILLSHIP_DATA`,
 * `SKILLSHIP_PORT`, `SKILLSHIP_HOST`, `DATABASE_URL`, `SKILLSHIP_MAX_UPLOAD_BYTES`,
 * `SKILLSHIP_LOG_LEVEL`, `SKILLSHIP_SHUTDOWN_TIMEOUT_MS`, the serving and `SKILLSHIP_AUDIT_*`
 * variables, `SKILLSHIP_REGISTRY_KEYS`, `SKILLSHIP_REGISTRY_KEYS_FILE`,
 * `SKILLSHIP_REQUIRE_SIGNATURES`, `SKILLSHIP_HEALTH_PORT`, `SKILLSHIP_HEALTH_STALE_MS`). Throws REGISTRY_CONFIG_INVALID naming the flag or variable of
 * the first bad value. Reads nothing else but the audit policy and site-rules files those
 * variables name (the registry keys file is read at start).
 */
export function parseServerConfig(options: {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly flags?: ServerFlags
  readonly homeDir?: string
}): ServerConfig {
  const { env, flags = {} } = options
  const home = options.homeDir ?? homedir()
  const dataDir =
    flags.data ?? nonEmpty(env, 'SKILLSHIP_DATA') ?? join(home, '.skillship', 'server')
  const port = integer(
    flags.port ?? env['SKILLSHIP_PORT'],
    flags.port === undefined ? 'SKILLSHIP_PORT' : '--port',
    { min: 0, max: 65535, fallback: defaultPort },
  )
  return {
    dataDir: resolve(dataDir),
    registryKeys: registryKeysSource(env, resolve(dataDir)),
    requireSignatures: requireSignaturesPatterns(env['SKILLSHIP_REQUIRE_SIGNATURES']),
    port,
    host: flags.host ?? nonEmpty(env, 'SKILLSHIP_HOST') ?? '127.0.0.1',
    databaseUrl: databaseUrl(env['DATABASE_URL']),
    maxUploadBytes: integer(env['SKILLSHIP_MAX_UPLOAD_BYTES'], 'SKILLSHIP_MAX_UPLOAD_BYTES', {
      min: 1024,
      max: 1024 ** 3,
      fallback: 50 * 1024 * 1024,
    }),
    logLevel: logLevel(env['SKILLSHIP_LOG_LEVEL']),
    shutdownTimeoutMs: integer(
      env['SKILLSHIP_SHUTDOWN_TIMEOUT_MS'],
      'SKILLSHIP_SHUTDOWN_TIMEOUT_MS',
      { min: 0, max: 600_000, fallback: 10_000 },
    ),
    serve: parseServeConfig(env),
    audit: parseAuditConfig(env),
    health: healthConfig(env, port),
  }
}

// Off unless SKILLSHIP_HEALTH_PORT is set: a second port opened unasked could collide with another
// local server (the deploy kit sets it, docs/deploy.md).
function healthConfig(
  env: Readonly<Record<string, string | undefined>>,
  port: number,
): HealthConfig {
  const raw = nonEmpty(env, 'SKILLSHIP_HEALTH_PORT')
  const healthPort =
    raw === undefined
      ? undefined
      : integer(raw, 'SKILLSHIP_HEALTH_PORT', { min: 0, max: 65535, fallback: 0 })
  if (healthPort !== undefined && healthPort !== 0 && healthPort === port) {
    throw invalid('SKILLSHIP_HEALTH_PORT', `must differ from the server's port (${port})`)
  }
  const staleMs = integer(env['SKILLSHIP_HEALTH_STALE_MS'], 'SKILLSHIP_HEALTH_STALE_MS', {
    min: 500,
    max: 600_000,
    fallback: defaultHealthStaleMs,
  })
  return { port: healthPort, staleMs }
}

function nonEmpty(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  const value = env[name]
  return value === undefined || value.trim() === '' ? undefined : value
}

function integer(
  raw: string | undefined,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  if (raw === undefined || raw.trim() === '') return range.fallback
  const value = Number(raw)
  if (
    !/^\d+$/.test(raw.trim()) ||
    !Number.isSafeInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    throw invalid(name, `'${raw}' is not a whole number from ${range.min} to ${range.max}`)
  }
  return value
}

function databaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch (error) {
    if (error instanceof TypeError) throw invalid('DATABASE_URL', 'is not a URL', error)
    throw error
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw invalid('DATABASE_URL', `must be a postgres:// URL, not ${url.protocol}//`)
  }
  return raw
}

function logLevel(raw: string | undefined): LogLevel {
  if (raw === undefined || raw === '') return 'info'
  if ((logLevels as readonly string[]).includes(raw)) return raw as LogLevel
  throw invalid('SKILLSHIP_LOG_LEVEL', `'${raw}' is not one of ${logLevels.join(', ')}`)
}

function invalid(name: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(RegistryErrorCode.ConfigInvalid, `${name} ${problem}`, {
    hint: `Fix ${name} and start the server again.`,
    ...(cause === undefined ? {} : { cause }),
  })
}
