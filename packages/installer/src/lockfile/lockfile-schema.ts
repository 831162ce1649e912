import type { LockedSource } from '../source/skill-source-spec.js'

/** The lockfile version this code writes. Older versions are migrated on read; newer ones refused. */
export const currentLockfileVersion = 2

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
}

/** skillship.lock: `{ lockfileVersion: 2, skills: { [name]: LockedSkill } }`, keys sorted. */
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

/** The pre-release skillship.lock; read and migrated to version 2, never written. */
export interface LockfileV1 {
  readonly lockfileVersion: 1
  readonly skills: Readonly<Record<string, LockedSkillV1>>
}
