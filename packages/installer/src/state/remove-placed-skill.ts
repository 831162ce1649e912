import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { isSafeSkillName } from '../link/safe-skill-name.js'
import { openStagingSlot } from '../link/skill-staging.js'
import {
  assertNoLocalChanges,
  type PlacementProof,
  type ProvenTarget,
  type ProvePlacedOptions,
  provePlaced,
} from './check-target-ownership.js'
import type { InstalledState } from './installed-state-schema.js'

/** Where skillship may have placed skills it no longer wants, and how to prove each. */
export interface RemovalCandidates {
  /** The claimed state (claimedState): its paths are in the scope's agent skills folders. */
  readonly claimed: InstalledState
  /** Paths still wanted: never removed. */
  readonly wanted: ReadonlySet<string>
  /** The skills folders of this install and the names skillship placed there before. */
  readonly skillsDirs: readonly string[]
  readonly formerNames: readonly string[]
  readonly prove: (path: string, name: string) => PlacementProof
  readonly force: boolean
}

/** What to delete, and what a state record claimed but skillship cannot prove it placed. */
export interface PlannedRemovals {
  readonly remove: readonly string[]
  readonly warnings: readonly string[]
}

/**
 * Decides, before anything is written, which entries skillship no longer wants and may delete: the
 * claimed records' paths and `<skillsDir>/<former name>` (a copied project's own folders, whose
 * records name the original's paths), each only when provePlaced says skillship placed it. A
 * changed folder is INSTALL_LOCAL_CHANGES unless `force`; anything else stays, with a warning when
 * a record claimed it.
 */
export function planRemovals(candidates: RemovalCandidates): PlannedRemovals {
  const claimedPaths = new Set(candidates.claimed.skills.map((record) => resolve(record.path)))
  const names = candidates.formerNames.filter(isSafeSkillName)
  const paths = new Set([
    ...claimedPaths,
    ...candidates.skillsDirs.flatMap((dir) => names.map((name) => join(dir, name))),
  ])
  const proven: ProvenTarget[] = []
  const warnings: string[] = []
  for (const path of [...paths].sort()) {
    if (candidates.wanted.has(path)) continue
    const proof = candidates.prove(path, basename(path))
    if (proof.kind === 'placed' || proof.kind === 'edited') proven.push({ path, proof })
    else if (proof.kind === 'foreign' && claimedPaths.has(path)) {
      warnings.push(
        `Left ${path} in place: the install state lists it, but skillship did not place what is there.`,
      )
    }
  }
  if (!candidates.force) assertNoLocalChanges(proven)
  return { remove: proven.map((target) => target.path), warnings }
}

/** provePlaced for a path of `options`, shorthand for callers holding the shared folder. */
export function proverFor(
  sharedDir: string,
  legacyFiles: (path: string, name: string) => ProvePlacedOptions['legacyFiles'],
): (path: string, name: string) => PlacementProof {
  return (path, name) => {
    const legacy = legacyFiles(path, name)
    return provePlaced({ path, name, sharedDir, ...(legacy ? { legacyFiles: legacy } : {}) })
  }
}

/**
 * Deletes the skill folder or link at `path`, which planRemovals proved skillship placed. A
 * symlink is removed, never what it points to. The entry is first renamed into staging, so agents
 * never see a half-deleted skill. Failures are INSTALL_LINK_FAILED.
 */
export async function deletePlacedEntry(path: string): Promise<void> {
  try {
    await deleteViaStaging(path)
  } catch (error) {
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `Could not remove ${path}: ${String(error)}`,
      { path, cause: error, hint: 'Check that the folder is writable, then try again.' },
    )
  }
}

async function deleteViaStaging(path: string): Promise<void> {
  const staging = await openStagingSlot(dirname(path))
  const aside = join(staging.slot, `.aside-${basename(path)}-1`)
  try {
    await rename(join(staging.realSkillsDir, basename(path)), aside)
    await rm(aside, { recursive: true, force: true })
  } finally {
    await rm(staging.slot, { recursive: true, force: true })
  }
}
