import type { LockedSource } from '../source/skill-source-spec.js'

/** The lockfile version this code writes. Older versions are migrated on read; newer ones refused. */
export const currentLockfileVersion = 4

/** One file of an installed skill with its digest (hex SHA-256 of the bytes as installed). */
export interface LockedFile {
  readonly path: string
  readonly size: number
  readonly mode: number
  readonly sha256: string
}

/** One skill in skillship.lock. */
export interface LockedSkill {
  /** The spec from skillship.json this entry satisfies (to detect manifest drift). */
  readonly spec: string
  readonly version: string
  readonly source: LockedSource
  /** SRI sha512 of the tarball. */
  readonly integrity: string
  /** The installed files (SKILL.md after UTF-8 normalisation), sorted by path. */
  readonly files: readonly LockedFile[]
  /** What the skill's scripts were installed with; absent when the skill declares no dependencies. */
  readonly runtime?: LockedRuntime
  /** The install gate's verdict on these bytes (lockfile v4); absent until an install judged them. */
  readonly audit?: LockedAudit
  /**
   * The key id of the publisher signature that verified under skillship.json's trust policy
   * (docs/signing.md); absent when unsigned or no policy. Optional: absent in
   * lockfiles written before signing (any version), so no migration is needed.
   */
  readonly signer?: string
}

/**
 * The install gate's judgement of one locked skill (docs/audit.md, "Install gate"). An install
 * reuses it instead of scanning again while the integrity, the rule pack, the policy preset and
 * the allow entries that apply are the same; a registry verdict of `block` always wins over it.
 * A blocked skill is never locked, so `verdict` is pass or warn.
 */
export interface LockedAudit {
  readonly verdict: 'pass' | 'warn'
  /** The rule pack version that found the findings (the registry's, or this CLI's). */
  readonly rulePack: string
  /** `registry`: decided from the registry's stored summary; `local`: audited on this machine. */
  readonly by: 'registry' | 'local'
  /** The policy preset the verdict was judged under. */
  readonly policy: 'strict' | 'default' | 'permissive'
  /** The skill's content digest, which allow entries bind to (`skillship audit` prints it). */
  readonly digest: string
  /** The allow entries that applied (rule and reason; they name this skill and digest). */
  readonly allowed: readonly { readonly rule: string; readonly reason: string }[]
}

/** One Python distribution of a skill's environment (`pip install --report`). */
export interface LockedPythonDistribution {
  /** PEP 503 normalised name. */
  readonly name: string
  readonly version: string
  /** `sha256:<hex>` of the archive installed, when pip reported it. */
  readonly hashes?: readonly string[]
}

/** One npm package of a skill's environment (`node_modules/.package-lock.json`). */
export interface LockedNodePackage {
  readonly name: string
  readonly version: string
  readonly integrity?: string
}

/**
 * The resolved dependencies of a skill's scripts. `install --frozen` installs exactly the Python
 * distributions listed (with `--require-hashes` when every one has a hash); Node dependencies are
 * reproduced by the skill's own package-lock.json, and recorded here for review and drift checks.
 */
export interface LockedRuntime {
  readonly python?: {
    readonly requiresPython?: string
    /** The declared requirements (normalised PEP 508), as discovered in the skill. */
    readonly requirements: readonly string[]
    readonly packages: readonly LockedPythonDistribution[]
  }
  readonly node?: {
    readonly dependencies: Readonly<Record<string, string>>
    readonly packages: readonly LockedNodePackage[]
  }
}

/** skillship.lock: `{ lockfileVersion: 4, skills: { [name]: LockedSkill } }`, keys sorted. */
export interface Lockfile {
  readonly lockfileVersion: typeof currentLockfileVersion
  readonly skills: Readonly<Record<string, LockedSkill>>
}

/** One skill in a version 1 lockfile (pre-release): where the tarball was and its integrity. */
export interface LockedSkillV1 {
  readonly version: string
  /** The registry tarball URL (`<registry>/v1/skills/<name>/-/<version>.tgz`), another URL or a path. */
  readonly resolved: string
  readonly integrity: string
}

/** The pre-release skillship.lock; read and migrated to the current version, never written. */
export interface LockfileV1 {
  readonly lockfileVersion: 1
  readonly skills: Readonly<Record<string, LockedSkillV1>>
}
