import { lstatSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative } from 'node:path'
import { errnoCode, isSkillshipError, SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { lstatSyncIfExists } from '../shared/helpers.js'
import type { PlacedFileStats } from '../state/installed-state.js'
import type { StoreEntry } from '../store/content-store.js'
import type { PlaceMethod } from './agent-target.js'
import { assertSafeSkillName } from './agents.js'
import type { RealFolderCache, StagingSlot } from './skill-staging.js'
import { buildSkillFolder, createStagingSession, type StagingSession } from './skill-staging.js'

interface PlaceCommon {
  /** The agent's skills folder (e.g. `/repo/.qoder/skills`); created when missing. */
  readonly skillsDir: string
  /** The skill's folder name; must be one safe segment (see assertSafeSkillName). */
  readonly name: string
  /**
   * Whether an entry already at `<skillsDir>/<name>` may be replaced. Pass true only for entries
   * skillship recorded (installed-state.ts) or with --force; otherwise INSTALL_TARGET_CONFLICT.
   */
  readonly replace?: boolean
  /** Staging entries older than this are abandoned (default one hour). */
  readonly staleAfterMs?: number
}

/** A real folder built from the store: the project's own copies (see buildSkillFolder). */
export interface PlaceFolderOptions extends PlaceCommon {
  readonly method: 'folder'
  readonly entry: Pick<StoreEntry, 'dir' | 'files' | 'integrity'>
}

/** A relative symlink to an existing skill folder (e.g. the canonical copy in `.agents/skills`). */
export interface PlaceSymlinkOptions extends PlaceCommon {
  readonly method: 'symlink'
  readonly symlinkTarget: string
}

export type PlaceSkillOptions = PlaceFolderOptions | PlaceSymlinkOptions

/** What `placeSkill` did. */
export interface PlacedSkill {
  /** `<skillsDir>/<name>` as given (not symlink-resolved). */
  readonly path: string
  readonly method: PlaceMethod
  /** For folders: each file's stats once sealed, by skill-relative path. */
  readonly files?: ReadonlyMap<string, PlacedFileStats>
  /** For folders: the device and inode of the folder built and renamed to `path`. */
  readonly folder?: { readonly dev: number; readonly ino: number }
  readonly replaced: boolean
}

/**
 * Puts one skill at `<skillsDir>/<name>` so that agents see either the previous entry, nothing, or
 * the complete new skill, even if the process is killed at any instant. The skill is built in
 * `<real parent of skillsDir>/.skillship-staging/<pid>-<random>/` and renamed into place; stale
 * staging entries of dead processes are cleaned when the slot opens. Pass the install's
 * `session` to share one slot among many placements; without one, a slot is opened and removed
 * for this call. Failures are INSTALL_LINK_FAILED (with the cause), or INSTALL_TARGET_CONFLICT
 * when something is in the way and `replace` is not set.
 */
export async function placeSkill(
  options: PlaceSkillOptions,
  session?: StagingSession,
): Promise<PlacedSkill> {
  assertSafeSkillName(options.name)
  const path = join(options.skillsDir, options.name)
  const own =
    session === undefined
      ? createStagingSession(
          options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs },
        )
      : undefined
  const staging = session ?? own
  try {
    if (staging === undefined) throw new Error('no staging session')
    // A symlink appears whole in one syscall: where nothing is in the way it is made in place,
    // and the folder needs no staging slot at all.
    if (options.method === 'symlink') {
      const realSkillsDir = staging.skillsFolder(options.skillsDir)
      const final = join(realSkillsDir, options.name)
      if (linkedInPlace(options.symlinkTarget, realSkillsDir, final, staging)) {
        return { path, method: 'symlink', replaced: false }
      }
    }
    // An entry in the way without `replace` is refused at the rename (swapIntoPlace), where it
    // counts; installs check ownership for every target before placing any.
    return placeInStaging(options, path, await staging.slotFor(options.skillsDir), staging)
  } catch (error) {
    if (isSkillshipError(error)) throw error
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `Could not place skill "${options.name}" in ${options.skillsDir}: ${String(error)}`,
      { cause: error, path, hint: 'Check that the folder is writable, then install again.' },
    )
  } finally {
    await own?.close()
  }
}

// Synchronous file operations on purpose: a placement is a dozen tiny syscalls, and thread-pool
// round trips cost several times the work (an install places hundreds).
function placeInStaging(
  options: PlaceSkillOptions,
  path: string,
  staging: StagingSlot,
  folders: RealFolderCache,
): PlacedSkill {
  const final = join(staging.realSkillsDir, options.name)
  const built = join(staging.slot, options.name)
  try {
    let files: ReadonlyMap<string, PlacedFileStats> | undefined
    let folder: { dev: number; ino: number } | undefined
    if (options.method === 'folder') {
      files = buildSkillFolder({
        fromDir: options.entry.dir,
        files: options.entry.files,
        toDir: built,
        marker: { name: options.name, integrity: options.entry.integrity },
      })
      const { dev, ino } = lstatSync(built)
      folder = { dev, ino }
    } else {
      buildSymlink(options.symlinkTarget, staging.realSkillsDir, options.name, built, folders)
    }
    const replaced = swapIntoPlace({
      built,
      target: final,
      asidePrefix: join(staging.slot, `.aside-${options.name}`),
      replace: options.replace ?? false,
      builtIsLink: options.method === 'symlink',
    })
    const base = { path, method: options.method, replaced }
    return files === undefined || folder === undefined ? base : { ...base, files, folder }
  } catch (error) {
    rmSync(built, { recursive: true, force: true })
    throw error
  }
}

// True when the link now stands at `final`; false when something is there (replace it via staging).
function linkedInPlace(
  symlinkTarget: string,
  realSkillsDir: string,
  final: string,
  folders: RealFolderCache,
): boolean {
  // symlink() never replaces: EEXIST says something is in the way, without an lstat first.
  try {
    buildSymlink(symlinkTarget, realSkillsDir, basename(final), final, folders)
    return true
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false
    throw error
  }
}

function buildSymlink(
  symlinkTarget: string,
  realSkillsDir: string,
  name: string,
  built: string,
  folders: RealFolderCache,
) {
  const target = realTarget(symlinkTarget, folders)
  if (target === join(realSkillsDir, name)) {
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `Refusing to link ${join(realSkillsDir, name)} to itself.`,
      { path: symlinkTarget },
    )
  }
  // Junctions (no admin rights needed on Windows) take absolute targets only.
  if (process.platform === 'win32') return symlinkSync(target, built, 'junction')
  // Relative to the real folder, so a skills folder that is itself a symlink (dotfiles) still works.
  symlinkSync(relative(realSkillsDir, target), built, 'dir')
}

// A real folder's real path is its real parent's plus its name (the parent resolved once per
// install); a symlink at the target is followed all the way.
function realTarget(symlinkTarget: string, folders: RealFolderCache): string {
  if (!isAbsolute(symlinkTarget)) throw new Error('placeSkill needs an absolute symlinkTarget')
  try {
    const found = lstatSync(symlinkTarget)
    if (!found.isDirectory()) return realpathSync(symlinkTarget)
    return join(folders.realFolder(dirname(symlinkTarget)), basename(symlinkTarget))
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `Cannot link to ${symlinkTarget}: it does not exist.`,
      { cause: error, path: symlinkTarget, hint: 'Place the folder the link points to first.' },
    )
  }
}

/** What to swap and where to park what was there. */
export interface SwapIntoPlaceOptions {
  /** The finished folder or symlink, in staging. */
  readonly built: string
  readonly target: string
  /** A staging path prefix for the replaced entry; `-<n>` is appended. */
  readonly asidePrefix: string
  /** Whether an existing entry at `target` may be replaced; else INSTALL_TARGET_CONFLICT. */
  readonly replace: boolean
  /** Whether `built` is a symlink, when the caller knows (spares an lstat). */
  readonly builtIsLink?: boolean
}

// Another process put something at the target between our move-aside and our rename.
const raced = new Set(['EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR'])
const maxAttempts = 3

/**
 * Renames `built` to `target`. A symlink replaces a symlink in one atomic rename; anything else
 * already there is first renamed aside into staging, then deleted once the new entry is in place.
 * So `target` is at every instant absent, the old entry or the new one, never partial. If the
 * final rename fails, the old entry is put back. Returns whether something was replaced.
 * Synchronous: a handful of syscalls per placement, for hundreds of placements.
 */
export function swapIntoPlace(options: SwapIntoPlaceOptions): boolean {
  const builtIsLink =
    options.builtIsLink ?? lstatSyncIfExists(options.built)?.isSymbolicLink() === true
  let replaced = false
  for (let attempt = 1; ; attempt++) {
    const outcome = trySwap(options, builtIsLink, attempt)
    replaced ||= outcome.replaced
    if (outcome.done) return replaced
  }
}

function trySwap(
  options: SwapIntoPlaceOptions,
  builtIsLink: boolean,
  attempt: number,
): { done: boolean; replaced: boolean } {
  const existing = lstatSyncIfExists(options.target)
  if (existing !== undefined && !options.replace) throw targetConflict(options.target)
  const aside = `${options.asidePrefix}-${attempt}`
  const moveAside = existing !== undefined && !(builtIsLink && existing.isSymbolicLink())
  if (moveAside) renameSync(options.target, aside)
  try {
    renameSync(options.built, options.target)
  } catch (error) {
    if (moveAside) restore(aside, options.target)
    if (attempt < maxAttempts && raced.has(errnoCode(error) ?? '')) {
      return { done: false, replaced: false }
    }
    throw error
  }
  if (moveAside) rmSync(aside, { recursive: true, force: true })
  return { done: true, replaced: existing !== undefined }
}

function restore(aside: string, target: string): void {
  try {
    renameSync(aside, target)
  } catch (error) {
    // Someone else's entry now holds the target; ours stays in staging for the stale cleanup.
    if (!raced.has(errnoCode(error) ?? '')) throw error
  }
}

/** INSTALL_TARGET_CONFLICT for an entry at `target` that may not be replaced. */
export function targetConflict(target: string): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.TargetConflict,
    `${target} already exists and may not be replaced.`,
    { hint: 'If skillship did not install it, move or delete it, or pass --force.', path: target },
  )
}
