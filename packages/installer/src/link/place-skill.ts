import { realpath, rm, symlink } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import { isSkillshipError, SkillshipError } from '@skillship/core'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { StoreEntry } from '../store/content-store.js'
import type { PlaceMethod } from './agent-target.js'
import { buildSkillFolder, type FileTransfer } from './build-skill-folder.js'
import { errorCode, lstatIfExists } from './lstat-if-exists.js'
import { assertSafeSkillName } from './safe-skill-name.js'
import { cleanStaleStaging, defaultStaleAfterMs, openStagingSlot } from './skill-staging.js'
import { swapIntoPlace, targetConflict } from './swap-into-place.js'

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

/** A real folder built from the store: hard links, or copies with `copyFiles`. */
export interface PlaceFolderOptions extends PlaceCommon {
  readonly method: 'folder'
  readonly entry: Pick<StoreEntry, 'dir' | 'files'>
  readonly copyFiles?: boolean
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
  /** For folders: 'copy' when any file was copied rather than hard-linked. */
  readonly files?: FileTransfer
  readonly replaced: boolean
}

/**
 * Puts one skill at `<skillsDir>/<name>` so that agents see either the previous entry, nothing, or
 * the complete new skill, even if the process is killed at any instant. The skill is built in
 * `<real parent of skillsDir>/.skillship-staging/<pid>-<random>/` and renamed into place; stale
 * staging entries of dead processes are cleaned first. Failures are INSTALL_LINK_FAILED (with the
 * cause), or INSTALL_TARGET_CONFLICT when something is in the way and `replace` is not set.
 */
export async function placeSkill(options: PlaceSkillOptions): Promise<PlacedSkill> {
  assertSafeSkillName(options.name)
  const path = join(options.skillsDir, options.name)
  try {
    // Fail before building thousands of files; swapIntoPlace checks again at the rename.
    if (options.replace !== true && (await lstatIfExists(path)) !== undefined) {
      throw targetConflict(path)
    }
    return await placeInStaging(options, path)
  } catch (error) {
    if (isSkillshipError(error)) throw error
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `Could not place skill "${options.name}" in ${options.skillsDir}: ${String(error)}`,
      { cause: error, path, hint: 'Check that the folder is writable, then install again.' },
    )
  }
}

async function placeInStaging(options: PlaceSkillOptions, path: string): Promise<PlacedSkill> {
  const staging = await openStagingSlot(options.skillsDir)
  try {
    const staleAfterMs = options.staleAfterMs ?? defaultStaleAfterMs
    await cleanStaleStaging(staging.root, { now: Date.now(), staleAfterMs })
    const built = join(staging.slot, options.name)
    let files: FileTransfer | undefined
    if (options.method === 'folder') {
      files = await buildSkillFolder({
        fromDir: options.entry.dir,
        files: options.entry.files,
        toDir: built,
        copyFiles: options.copyFiles ?? false,
      })
    } else {
      await buildSymlink(options.symlinkTarget, staging.realSkillsDir, options.name, built)
    }
    const replaced = await swapIntoPlace({
      built,
      target: join(staging.realSkillsDir, options.name),
      asidePrefix: `${staging.slot}-old`,
      replace: options.replace ?? false,
    })
    const base = { path, method: options.method, replaced }
    return files === undefined ? base : { ...base, files }
  } finally {
    await rm(staging.slot, { recursive: true, force: true })
  }
}

async function buildSymlink(
  symlinkTarget: string,
  realSkillsDir: string,
  name: string,
  built: string,
): Promise<void> {
  const target = await realTarget(symlinkTarget)
  if (target === join(realSkillsDir, name)) {
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `Refusing to link ${join(realSkillsDir, name)} to itself.`,
      { path: symlinkTarget },
    )
  }
  // Junctions (no admin rights needed on Windows) take absolute targets only.
  if (process.platform === 'win32') return symlink(target, built, 'junction')
  // Relative to the real folder, so a skills folder that is itself a symlink (dotfiles) still works.
  await symlink(relative(realSkillsDir, target), built, 'dir')
}

async function realTarget(symlinkTarget: string): Promise<string> {
  if (!isAbsolute(symlinkTarget)) throw new Error('placeSkill needs an absolute symlinkTarget')
  try {
    return await realpath(symlinkTarget)
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `Cannot link to ${symlinkTarget}: it does not exist.`,
      { cause: error, path: symlinkTarget, hint: 'Place the folder the link points to first.' },
    )
  }
}
