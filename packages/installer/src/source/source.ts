import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'

/** A spec resolved to one concrete version that the lockfile can pin. */
export interface Resolution {
  /** The skill name (from the registry, or from the fetched SKILL.md for other sources). */
  readonly name: string
  /** The semver version: the registry's, else `metadata.version`, else `0.0.0`. */
  readonly version: string
  readonly source: LockedSource
  /** SRI sha512 of the canonical tarball when known before fetching (registry), else undefined. */
  readonly integrity: string | undefined
}

/** A fetched skill: a tarball (for non-archive sources, packed deterministically by core) and its SRI. */
export interface FetchedSkill {
  readonly tarball: Uint8Array
  readonly integrity: string
}

/**
 * One kind of place skills come from. Every implementation runs the shared contract suite
 * (packages/installer/test/contract/source.contract.ts).
 */
export interface Source {
  readonly kind: SkillSourceSpec['kind']
  /** Resolves a spec of this kind; throws INSTALL_NO_MATCHING_VERSION, INSTALL_FETCH_FAILED, ... */
  resolve(spec: SkillSourceSpec): Promise<Resolution>
  /**
   * Fetches exactly what `source` pins. The caller verifies the integrity against the lockfile;
   * a source whose content moved (a rewritten git tag, an edited folder) yields other bytes, and the
   * caller reports the mismatch.
   */
  fetch(source: LockedSource): Promise<FetchedSkill>
  /**
   * Optional: warms this instance for resolving many specs of its kind at once (the registry reads
   * all their documents in one round trip). Never required for correctness; it fails only with an
   * error `resolve` would have reported for one of the specs.
   */
  prefetch?(specs: readonly SkillSourceSpec[]): Promise<void>
  /**
   * Optional (git): the skills a spec naming a whole repository holds, from one checkout of the
   * ref's commit. Resolving any of them afterwards (same URL and ref, its path) reuses that
   * checkout.
   */
  discover?(spec: SkillSourceSpec): Promise<DiscoveredRepository>
}

/** A skill discovery found (`skillship add <repo> --list`). */
export interface DiscoveredSkill {
  /** The SKILL.md name; for a folder that is not a valid skill, the folder's name. */
  readonly name: string
  readonly description: string | undefined
  /** Relative to the repository root, posix; `.` for a skill at the root. */
  readonly path: string
  readonly version: string | undefined
  /** Why it cannot be installed (an error code, INSTALL_INVALID_SKILL), when it cannot. */
  readonly error?: string
}

/** What a repository holds at one commit. */
export interface DiscoveredRepository {
  readonly url: string
  readonly ref: string | undefined
  readonly commit: string
  readonly skills: readonly DiscoveredSkill[]
}
