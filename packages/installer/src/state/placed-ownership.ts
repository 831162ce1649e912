import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { errnoCode as errorCode, SkillshipError } from '@skillship/core/errors'
import { sha256Hex } from '@skillship/core/integrity'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { isSafeSkillName } from '../link/agents.js'
import { openStagingSlot } from '../link/skill-staging.js'
import type { LockedFile, Lockfile } from '../lockfile/lockfile-schema.js'
import type { InstallerOptions } from '../project/project.js'
import { lstatSyncIfExists } from '../shared/helpers.js'
import type { InstalledRecord, InstalledState } from './installed-state.js'
import {
  isSealedAsPlaced,
  type PlacedMarkerFile,
  placedMarkerName,
  readClaimedState,
  readPlacedMarker,
  scopeFolders,
} from './installed-state.js'

/**
 * What is at a skill path, as far as skillship can prove: nothing; a skill skillship placed there
 * and nobody changed since; a skill skillship placed whose content was changed (`files` names what
 * differs: the user's edit); anything else (a user's own folder, a file, a link elsewhere).
 */
export type PlacementProof =
  | { readonly kind: 'absent' }
  | { readonly kind: 'placed' }
  | { readonly kind: 'edited'; readonly files: readonly string[] }
  | { readonly kind: 'foreign' }

/** The skill path to prove and what skillship would have put there. */
export interface ProvePlacedOptions {
  /** `<skillsDir>/<name>` in one of this project's (or the user's) agent skills folders. */
  readonly path: string
  readonly name: string
  /** The shared skills folder (`.agents/skills`) skillship's links point into. */
  readonly sharedDir: string
  /**
   * The files of the skill an in-scope state record says was placed here, from skillship.lock:
   * proves a folder placed before markers existed, when it holds exactly those files.
   */
  readonly legacyFiles?: readonly Pick<LockedFile, 'path' | 'size' | 'sha256'>[]
}

// Walking a folder to find files the user added stops here: more is not a folder skillship made.
const maxEntries = 20_000

/**
 * Proves whether skillship placed what is at `path`. A folder needs skillship's marker naming this
 * skill (or, for a folder from before markers, `legacyFiles`) and then holds exactly the marker's
 * files (none changed, missing or added) to be 'placed'. A symlink is skillship's when its text
 * leads from its real parent to `<sharedDir>/<name>`. Never follows a link it inspects.
 */
export function provePlaced(options: ProvePlacedOptions): PlacementProof {
  const found = lstatSyncIfExists(options.path)
  if (found === undefined) return { kind: 'absent' }
  if (found.isSymbolicLink()) return isOwnLink(options) ? { kind: 'placed' } : { kind: 'foreign' }
  if (!found.isDirectory()) return { kind: 'foreign' }
  const marker = readPlacedMarker(options.path)
  const files = marker === undefined ? options.legacyFiles : marker.files
  if (files === undefined || (marker !== undefined && marker.name !== options.name)) {
    return { kind: 'foreign' }
  }
  const changed = changedFiles(options.path, files)
  return changed.length === 0 ? { kind: 'placed' } : { kind: 'edited', files: changed }
}

function isOwnLink(options: ProvePlacedOptions): boolean {
  const text = readlinkSync(options.path)
  const parent = realpathOrSelf(dirname(options.path))
  const expected = join(realpathOrSelf(options.sharedDir), options.name)
  return resolve(parent, text) === expected
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path)
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) return resolve(path)
    throw error
  }
}

// Skill-relative paths of listed files that are missing or differ, and of entries not listed. A
// file is compared by content: hashed, unless the marker's record vouches for it (isSealedAsPlaced).
function changedFiles(root: string, files: readonly PlacedMarkerFile[]): string[] {
  const changed: string[] = []
  const listed = new Set(files.map((file) => file.path))
  for (const file of files) {
    const path = join(root, file.path)
    const stats = lstatSyncIfExists(path)
    const same =
      stats?.isFile() === true &&
      stats.size === file.size &&
      (isSealedAsPlaced(stats, file, file) || sha256Hex(readFileSync(path)) === file.sha256)
    if (!same) changed.push(file.path)
  }
  const entries = readdirSync(root, { recursive: true, withFileTypes: true })
  if (entries.length > maxEntries) return [...changed, `(more than ${maxEntries} entries)`]
  for (const entry of entries) {
    if (entry.isDirectory()) continue
    const path = relative(root, join(entry.parentPath, entry.name)).split(sep).join('/')
    if (path !== placedMarkerName && !listed.has(path)) changed.push(path)
  }
  return changed
}

/** A path about to be replaced or removed, with its proof. */
export interface ProvenTarget {
  readonly path: string
  readonly proof: PlacementProof
}

/**
 * Refuses, before anything is written, to replace what skillship cannot prove it placed: an entry
 * that is not skillship's is INSTALL_TARGET_CONFLICT, a placed folder the user changed is
 * INSTALL_LOCAL_CHANGES (naming the files). `force` allows both.
 */
export function assertMayReplace(targets: readonly ProvenTarget[], force: boolean): void {
  if (force) return
  const foreign = targets.find((target) => target.proof.kind === 'foreign')
  if (foreign !== undefined) {
    throw new SkillshipError(
      InstallErrorCode.TargetConflict,
      `${foreign.path} already exists and was not installed by skillship.`,
      { path: foreign.path, hint: 'Move or delete it, or pass --force to replace it.' },
    )
  }
  assertNoLocalChanges(targets)
}

/** INSTALL_LOCAL_CHANGES when any target is a placed folder whose content the user changed. */
export function assertNoLocalChanges(targets: readonly ProvenTarget[]): void {
  const edited = targets.flatMap((target) =>
    target.proof.kind === 'edited' ? [{ path: target.path, files: target.proof.files }] : [],
  )
  if (edited.length === 0) return
  const named = edited.map((entry) => `${entry.path} (${entry.files.join(', ')})`)
  const first = edited[0]
  throw new SkillshipError(
    InstallErrorCode.LocalChanges,
    `Skill folders were changed since skillship placed them: ${named.join('; ')}`,
    {
      // The first changed file, so `--json` output names one without parsing the message.
      path: first === undefined ? '' : join(first.path, first.files[0] ?? ''),
      hint: 'Save your changes elsewhere, then pass --force to replace them.',
      details: { changed: edited },
    },
  )
}

/** A skill folder skillship placed whose content was changed since (the user's edit). */
export interface ChangedPlacement {
  readonly name: string
  readonly path: string
  /** Skill-relative paths changed, missing or added, as INSTALL_LOCAL_CHANGES names them. */
  readonly files: readonly string[]
}

/**
 * The placed folders among `records` (claimed records: claimedState) that an install would refuse
 * to replace with INSTALL_LOCAL_CHANGES: the same proof (provePlaced), each path once. Links are
 * skipped: an edit made through one lands in the folder it points to, which has its own record.
 */
export function changedPlacements(
  records: readonly InstalledRecord[],
  context: { readonly sharedDir: string; readonly lockfile: Lockfile | undefined },
): ChangedPlacement[] {
  const changed: ChangedPlacement[] = []
  const seen = new Set<string>()
  for (const record of records) {
    const path = resolve(record.path)
    if (record.method !== 'folder' || seen.has(path)) continue
    seen.add(path)
    const locked = context.lockfile?.skills[record.name]
    const legacyFiles = locked?.integrity === record.integrity ? locked.files : undefined
    const proof = provePlaced({
      path,
      name: record.name,
      sharedDir: context.sharedDir,
      ...(legacyFiles === undefined ? {} : { legacyFiles }),
    })
    if (proof.kind === 'edited') changed.push({ name: record.name, path, files: proof.files })
  }
  return changed
}

/** INSTALL_LOCAL_CHANGES naming every changed placement, when there is any. */
export function assertUnchanged(changed: readonly ChangedPlacement[]): void {
  assertNoLocalChanges(
    changed.map(({ path, files }) => ({ path, proof: { kind: 'edited', files } as const })),
  )
}

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

/**
 * INSTALL_LOCAL_CHANGES when a skill folder skillship placed in this scope was changed since: run
 * before anything is fetched, built or written (every claimed folder is either kept as the lock
 * wants it, replaced or removed by an install, so any edit would be overwritten). The placement
 * sync proves each target again before writing, for what changes meanwhile.
 */
export async function assertNoEditedPlacements(
  options: Pick<InstallerOptions, 'scope' | 'projectRoot' | 'home' | 'env'>,
  lockfile: Lockfile | undefined,
): Promise<void> {
  const { state } = await readClaimedState(options)
  const { sharedDir } = scopeFolders(options)
  assertUnchanged(changedPlacements(state.skills, { sharedDir, lockfile }))
}
