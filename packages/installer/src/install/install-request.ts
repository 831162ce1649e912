import type { AuditGateReport } from '../audit/install-gate.js'
import type { AgentReport } from '../link/agent-target.js'
import type { DetectedAgent } from '../link/agents.js'
import type { Manifest } from '../manifest/manifest.js'
import type { Sources } from '../source/create-sources.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import type { ExperimentInstall } from './experiment-overrides.js'

/** What to do besides a plain install. */
export interface InstallRequest {
  /** CI mode: refuse any drift between skillship.json and skillship.lock; never re-resolve. */
  readonly frozen?: boolean
  /** Resolve these locked skills again (all with true). */
  readonly update?: true | readonly string[]
  /** Real folders everywhere instead of symlinks to `.agents/skills`. */
  readonly copy?: boolean
  /** Replace folders at target paths that skillship did not install. */
  readonly force?: boolean
  /** Compute what would change without writing anything. */
  readonly dryRun?: boolean
  /** Follow skillship.lock only (the manifest's skills are ignored): `skillship sync`. */
  readonly lockOnly?: boolean
  /** As root, write into another user's home anyway (with a warning). */
  readonly allowRoot?: boolean
  /** Leave skill environments alone (no venv/npm work); their lock records are kept as they were. */
  readonly skipRuntimes?: boolean
  /**
   * Take part in the registry's experiments as this user id: a skill the registry assigns another
   * version is placed at that version, while skillship.lock keeps the locked (control) one.
   */
  readonly experimentUser?: string
  /**
   * Changes the manifest (add, remove, update --latest); written only when the install succeeds.
   * `sources` (for the current manifest's registry) is the install's own when the edit keeps the
   * registry, so what the edit resolves is not asked of the registry again.
   */
  readonly editManifest?: (
    manifest: Manifest | undefined,
    sources: Sources,
  ) => Manifest | Promise<Manifest>
}

/** The outcome of an install, for people and for `--json`. */
export interface InstallResult {
  readonly skills: readonly {
    name: string
    version: string
    integrity: string
    source: LockedSource
    changed: boolean
  }[]
  readonly agents: readonly AgentReport[]
  /** Placements created or replaced plus entries removed (0: the folders already matched). */
  readonly changed: number
  readonly placed: readonly string[]
  readonly removed: readonly string[]
  readonly lockfileChanged: boolean
  readonly manifestChanged: boolean
  /** Things the user should know that did not stop the install (running as root). */
  readonly warnings: readonly string[]
  /**
   * The audit gate: each skill's verdict and where it came from (`lockfile`: reused, no scan;
   * `registry`: the registry's summary; `local`: scanned here), and how many were scanned. Absent
   * when a frozen install was answered from the install stamp.
   */
  readonly audit?: AuditGateReport
  /** Skills placed at an experiment's variant instead of their locked version (`experimentUser`). */
  readonly experiments?: readonly ExperimentInstall[]
  /**
   * `add` without `--agent` into a new skillship.json: the agents found in use here and the folder
   * that showed each (empty: none found, so Qoder was chosen). Written into skillship.json.
   */
  readonly detectedAgents?: readonly DetectedAgent[]
}
