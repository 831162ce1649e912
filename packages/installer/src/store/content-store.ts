import { lstatSync, renameSync } from 'node:fs'
import { mkdir, mkdtemp, rename } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { SkillIssue } from '@skillship/core'
import { errnoCode, isSkillshipError, SkillErrorCode, SkillshipError } from '@skillship/core/errors'
import { verifyIntegrity } from '@skillship/core/integrity'
import type { LoadedSkill } from '@skillship/core/node'
import { issueFromError, loadSkill } from '@skillship/core/node'
import { isSemver } from '@skillship/core/semver'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { sameLockedFiles } from '../lockfile/parse-locked-skill.js'
import { inFolderMadeOnDemand, replaceFileSync } from '../shared/helpers.js'
import { removeTree } from './remove-tree.js'
import { stageStoreEntry, stagingPrefix } from './stage-store-entry.js'
import type { EntryPaths, StoredFileId } from './store-seal.js'
import {
  entryPaths,
  sealEntryFiles,
  serializeIndex,
  tmpDir,
  verifyStoreEntry,
} from './store-seal.js'
import { sweepStoreTmp } from './sweep-store-tmp.js'

/** A complete, verified skill in the store. */
export interface StoreEntry {
  readonly integrity: string
  /** The skill folder inside the store (holds SKILL.md); never written to after entry. */
  readonly dir: string
  /** Its files with their SHA-256 as stored (SKILL.md normalised to UTF-8), sorted by path. */
  readonly files: readonly LockedFile[]
  /** Device and inode of every file, by path, as the seal check found them. */
  readonly fileIds: ReadonlyMap<string, StoredFileId>
  /**
   * True when the files carry the seal's mtime (store-seal.ts); false for an old entry this user
   * may not seal.
   */
  readonly sealed: boolean
}

/**
 * The content-addressed store (`~/.skillship/store`, or `SKILLSHIP_STORE`): one entry per tarball
 * integrity, shared by every project and agent on the machine. Implementation:
 * store/create-content-store.ts.
 */
export interface ContentStore {
  readonly root: string
  /**
   * The verified entry for `integrity`, or undefined when absent. Every file was hashed when the
   * entry was made and the entry sealed (store-seal.ts); a get checks the seal with one lstat per
   * file and folder, and re-hashes an entry without one. An entry whose files no longer match
   * (edited, truncated, missing, added) is removed and undefined returned, so the caller
   * refetches. `expected` (from the lockfile) must match too when given.
   */
  get(integrity: string, expected?: readonly LockedFile[]): Promise<StoreEntry | undefined>
  /**
   * Adds a tarball: verifies it against `integrity` (INSTALL_INTEGRITY_MISMATCH), unpacks it with
   * core's safe unpack, normalises SKILL.md to UTF-8 without BOM, hashes every file, seals the
   * entry and renames it into place (a crash leaves no half entry). Idempotent.
   */
  add(tarball: Uint8Array, integrity: string): Promise<StoreEntry>
}

export interface ContentStoreOptions {
  /** The store folder (created on first add); it should sit on the agent folders' filesystem. */
  readonly root: string
}

/**
 * The filesystem content store: `<root>/v1/<2 hex>/<126 hex>/{skill/, index.json}` per tarball
 * sha512, staged in `<root>/tmp` and renamed into place, so readers see whole entries or none.
 * Safe across processes: entries appear by rename, a lost race adopts the winner's entry, and a
 * corrupt entry is moved to tmp before it is deleted. The first add sweeps tmp leftovers of
 * crashed processes. See ContentStore for the get/add contracts.
 */
export function createContentStore(options: ContentStoreOptions): ContentStore {
  const root = resolve(options.root)
  const adding = new Map<string, Promise<StoreEntry>>()
  let swept: Promise<number> | undefined

  async function get(
    integrity: string,
    expected?: readonly LockedFile[],
  ): Promise<StoreEntry | undefined> {
    const paths = entryPaths(root, integrity)
    const state = verifyStoreEntry(paths, integrity)
    if (state.status === 'absent') return undefined
    // An empty list is a migrated v1 lockfile entry ("fill at next install"), not a claim.
    const claimed = expected !== undefined && expected.length > 0 ? expected : undefined
    if (state.status === 'ok' && (claimed === undefined || sameLockedFiles(state.files, claimed))) {
      const sealed = state.sealed || sealVerifiedEntry(paths, integrity, state.files)
      return { integrity, dir: paths.skillDir, files: state.files, fileIds: state.fileIds, sealed }
    }
    await discard(root, paths.entryDir)
    return undefined
  }

  async function add(tarball: Uint8Array, integrity: string): Promise<StoreEntry> {
    const paths = entryPaths(root, integrity)
    if (!verifyIntegrity(tarball, integrity)) {
      throw new SkillshipError(
        InstallErrorCode.IntegrityMismatch,
        `The skill's bytes do not match ${integrity}`,
        { hint: 'The download was corrupted or the source changed; nothing was stored.' },
      )
    }
    // Only an entry that is there needs checking (and replacing, when broken) before the add.
    if (lstatSync(paths.entryDir, { throwIfNoEntry: false }) !== undefined) {
      const existing = await get(integrity)
      if (existing !== undefined) return existing
    }
    const pending = adding.get(paths.entryDir)
    if (pending !== undefined) return pending
    // A failed sweep is reported to this add and retried by the next, never cached.
    swept ??= sweepStoreTmp(tmpDir(root)).catch((error: unknown) => {
      swept = undefined
      throw error
    })
    const work = swept.then(() => addNew(root, paths, tarball, integrity))
    adding.set(paths.entryDir, work)
    try {
      return await work
    } finally {
      adding.delete(paths.entryDir)
    }
  }

  return { root, get, add }
}

async function addNew(
  root: string,
  paths: EntryPaths,
  tarball: Uint8Array,
  integrity: string,
): Promise<StoreEntry> {
  const staged = await stageStoreEntry(root, tarball, integrity)
  // Two attempts: the second follows removing a broken entry that sat in the way.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (moveIntoPlace(staged.dir, paths.entryDir)) {
      const { files, fileIds } = staged
      return { integrity, dir: paths.skillDir, files, fileIds, sealed: true }
    }
    const theirs = verifyStoreEntry(paths, integrity)
    if (theirs.status === 'ok') {
      await removeTree(staged.dir)
      const { files, fileIds, sealed } = theirs
      return { integrity, dir: paths.skillDir, files, fileIds, sealed }
    }
    await discard(root, paths.entryDir)
  }
  await removeTree(staged.dir)
  throw new SkillshipError(
    InstallErrorCode.StoreCorrupt,
    `Could not place the store entry for ${integrity}`,
    { path: paths.entryDir, hint: `Remove ${paths.entryDir} and run the install again.` },
  )
}

/**
 * Renames a staged entry into place, making its fan-out folder when the rename says it is missing;
 * false when an entry is already there (a lost race).
 */
function moveIntoPlace(staged: string, entryDir: string): boolean {
  return inFolderMadeOnDemand(dirname(entryDir), () => {
    try {
      renameSync(staged, entryDir)
      return true
    } catch (error) {
      const code = errnoCode(error)
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return false
      throw error
    }
  })
}

/**
 * Takes a bad entry out of the store in one rename (other processes then see it absent, never
 * half-deleted), then deletes it. Already gone is fine.
 */
async function discard(root: string, entryDir: string): Promise<void> {
  await mkdir(tmpDir(root), { recursive: true })
  const trash = await mkdtemp(join(tmpDir(root), `${stagingPrefix()}trash-`))
  try {
    await rename(entryDir, trash)
  } catch (error) {
    await removeTree(trash)
    if (errnoCode(error) === 'ENOENT') return
    throw new SkillshipError(
      InstallErrorCode.StoreCorrupt,
      `Cannot remove the corrupt store entry ${entryDir}`,
      { path: entryDir, hint: `Remove ${entryDir} by hand.`, cause: error },
    )
  }
  await removeTree(trash)
}

/**
 * Seals an entry made before seals existed, right after it was verified byte for byte: mtimes
 * first, then the index that says so (readers that see the sealed index see sealed files). A
 * store this user does not own (only the owner may set times) or cannot write stays unsealed,
 * and is re-hashed on every get as before. Returns whether the entry is sealed now.
 */
function sealVerifiedEntry(
  paths: EntryPaths,
  integrity: string,
  files: readonly LockedFile[],
): boolean {
  try {
    sealEntryFiles(paths.skillDir, files)
    replaceFileSync(paths.indexPath, serializeIndex(integrity, files))
    return true
  } catch (error) {
    if (cannotSeal.has(errnoCode(error) ?? '')) return false
    throw error
  }
}

// Another user's store, or a read-only one: usable as it is, just not sealable by us.
const cannotSeal = new Set(['EPERM', 'EACCES', 'EROFS'])

/** A skill folder that passed validation, with the name and version the installer uses. */
export interface ValidSkill {
  readonly loaded: LoadedSkill
  readonly name: string
  /** `metadata.version` when it is semver (lint only warns otherwise), else 0.0.0. */
  readonly version: string
  /** `metadata.version` when it is semver, else undefined (the source may have its own default). */
  readonly declaredVersion: string | undefined
  /** The spec violations `force` let through (empty without it). */
  readonly waived: readonly SkillIssue[]
}

/**
 * Errors that break the spec's letter but not the installer's safety: `--force` installs a skill
 * whose only errors are these, with a warning. Everything else (unsafe trees and archives, a name
 * skillship.json and the lockfile refuse as a key, unreadable SKILL.md) stays refused: the name
 * becomes a folder in every agent's skills folder and a key in both files.
 */
const waivable: ReadonlySet<string> = new Set([
  SkillErrorCode.DescriptionTooLong,
  SkillErrorCode.CompatibilityTooLong,
  SkillErrorCode.CompatibilityNotString,
  SkillErrorCode.FieldUnknown,
  SkillErrorCode.NameDirectoryMismatch,
])

/**
 * Loads `root` as a skill and refuses it when invalid: INSTALL_INVALID_SKILL with
 * `details.issues`, also for unsafe trees and a missing SKILL.md. `directoryName` is the name the
 * folder is known by, compared with SKILL.md `name` (lint's rule); `undefined` when the folder has
 * no name of its own (an archive without a wrapper folder, a repository root).
 */
export async function loadValidSkill(
  root: string,
  directoryName: string | undefined,
  options: { readonly force?: boolean } = {},
): Promise<ValidSkill> {
  try {
    let loaded = await loadSkill(root, directoryName === undefined ? {} : { directoryName })
    const name = loaded.validation.properties?.name
    if (directoryName === undefined && name !== undefined && name !== loaded.directoryName)
      loaded = await loadSkill(root, { directoryName: name })
    const errors = loaded.validation.issues.filter((issue) => issue.severity === 'error')
    const waived = options.force === true && errors.every((issue) => waivable.has(issue.code))
    if ((!loaded.validation.ok && !waived) || name === undefined) throw invalidSkill(loaded)
    const declared = loaded.validation.properties?.version
    const declaredVersion = declared !== undefined && isSemver(declared) ? declared : undefined
    return {
      loaded,
      name,
      version: declaredVersion ?? '0.0.0',
      declaredVersion,
      waived: loaded.validation.ok ? [] : errors,
    }
  } catch (error) {
    throw asInvalidSkill(error)
  }
}

function invalidSkill(loaded: LoadedSkill): SkillshipError {
  const errors = loaded.validation.issues.filter((issue) => issue.severity === 'error')
  return new SkillshipError(
    InstallErrorCode.InvalidSkill,
    `Not a valid skill (${loaded.root}): ${errors.map((issue) => issue.message).join('; ')}`,
    {
      hint: 'Run `skillship lint` on the skill and fix the errors it reports.',
      path: loaded.root,
      details: { issues: loaded.validation.issues },
    },
  )
}

/**
 * Core throws SKILL_* for unsafe trees and archives (links escaping, devices, bombs, limits) and a
 * missing SKILL.md: for the installer each means "this is not something we install", so they
 * become INSTALL_INVALID_SKILL with the original as cause and issue. Other errors pass unchanged.
 */
export function asInvalidSkill(error: unknown): unknown {
  if (!isSkillshipError(error) || !error.code.startsWith('SKILL_')) return error
  return new SkillshipError(InstallErrorCode.InvalidSkill, `Not a valid skill: ${error.message}`, {
    cause: error,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.path === undefined ? {} : { path: error.path }),
    details: { issues: [issueFromError(error)] },
  })
}
