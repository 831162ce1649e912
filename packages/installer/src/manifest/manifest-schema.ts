import type { AllowEntry } from '@skillship/audit'
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
  /** The project's audit policy (issue 17): what the install gate blocks, and its exceptions. */
  readonly audit?: ManifestAudit
}

/**
 * skillship.json's `audit` section: `policy` is a preset or a relative policy file in the project
 * (default: the default preset); `allow` are the consumer's exceptions, each bound to one skill's
 * content digest. Skills never contribute to it: only the project's own files are read.
 */
export interface ManifestAudit {
  readonly policy?: string
  readonly allow: readonly AllowEntry[]
}
