import type { Principal } from '../app/registry-env.js'
import type { PhaseMilliseconds } from '../stats/stats-store.js'
import type { LoadedSkill } from './loaded-skill.js'

/** What to load: a name and a semver range, dist-tag or exact version (default `latest`). */
export interface LoadRequest {
  readonly name: string
  /** A range (`^1.2`) or exact version; `tag` wins when both are given. */
  readonly range?: string
  readonly tag?: string
  readonly principal: Principal
  /** The `X-Skillship-User` of the request, for experiments (issue 7); unused until then. */
  readonly user?: string
  /**
   * False for loads that are not a request for the skill itself (warm-up, reading one of its
   * files): they are not counted toward the most-loaded ranking warm-up uses. Default true.
   */
  readonly counted?: boolean
}

/** How a load was answered, for metrics. */
export type CacheResult = 'hit' | 'miss'

/**
 * How a load ended, for metrics: `not_found` for REGISTRY_NOT_FOUND, REGISTRY_NO_MATCHING_VERSION,
 * REGISTRY_VERSION_NOT_FOUND and SERVE_FILE_NOT_FOUND, `error` for anything else thrown.
 */
export type LoadResultKind = 'ok' | 'not_found' | 'error'

/**
 * Called once per `load`/`loadVersion` call with its duration; `cache` is 'hit' only when the
 * content came from the cache. Must be cheap and must not throw (it runs on the hot path).
 */
export type LoadObserver = (seconds: number, cache: CacheResult, outcome: LoadResultKind) => void

/**
 * Called once per successful counted load (load API, MCP, the fast path, an experiment's arm)
 * with the served version, the duration, whether the content cache answered, and the
 * milliseconds of each phase the load ran. Must be cheap and must not throw.
 */
export type LoadRecordHook = (
  name: string,
  version: string,
  seconds: number,
  hit: boolean,
  phases: Readonly<PhaseMilliseconds>,
) => void

/** A loaded skill and whether it came from the cache. */
export interface LoadOutcome {
  readonly skill: LoadedSkill
  readonly cache: CacheResult
  /**
   * Whether the skill was private when `load` resolved it (for cache headers); absent from
   * `loadVersion`, which does not look at the skill's access.
   */
  readonly private?: boolean
}

/**
 * Resolves and loads skills through the cache (see createSkillLoader): the one way the load API,
 * MCP and warm-up read skill content. Access rules are the registry's (a private skill the
 * principal may not read is REGISTRY_NOT_FOUND); resolution failures keep their REGISTRY_* codes;
 * bytes that are missing or corrupt in storage are SERVE_LOAD_FAILED.
 */
export interface SkillLoader {
  load(request: LoadRequest): Promise<LoadOutcome>
  /**
   * The exact version (already resolved, access already checked), through the cache. `counted`
   * (default false): a load serving the skill itself, recorded like `load`'s.
   */
  loadVersion(name: string, version: string, counted?: boolean): Promise<LoadOutcome>
  /** Forgets what `name` resolves to (publish, dist-tag, deprecate, yank, visibility). */
  invalidate(name: string): void
  /** Forgets everything resolved (a replica that missed notifications). */
  invalidateAll(): void
  /** Cache size, for metrics and readiness. */
  stats(): { readonly entries: number; readonly bytes: number }
}
