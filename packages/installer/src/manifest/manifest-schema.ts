import type { TrustPolicy } from '../trust/trust-policy.js'

/** skillship.json: what a project wants installed, where. */
export interface Manifest {
  /** Registry URL for registry specs; else the CLI's configured default. */
  readonly registry?: string
  /** Agent ids (see agent-targets) whose folders get the skills; default ["qoder"]. */
  readonly agents: readonly string[]
  /** Skill name -> spec (a semver range or dist-tag for the registry, or file:/git+/archive specs). */
  readonly skills: Readonly<Record<string, string>>
  /** Skills allowed to run install scripts in their runtime environment (issue 5). */
  readonly allowScripts?: readonly string[]
  /** Who may sign which skills, and what is verified at install (docs/signing.md). */
  readonly trust?: TrustPolicy
}
