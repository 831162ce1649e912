import { chmodSync, constants, copyFileSync, lstatSync, mkdirSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { checkEntryPath } from '@skillship/core/entry-path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { ancestorFolders } from '../shared/helpers.js'
import { sealedMtimeSeconds } from '../store/store-seal.js'
import { type PlacedFileStats, placedMarkerName, writePlacedMarker } from './placed-marker.js'

/** Where to build from. */
export interface BuildSkillFolderOptions {
  /** The store entry's folder (read-only). */
  readonly fromDir: string
  readonly files: readonly LockedFile[]
  /** A folder that does not exist yet; created here. */
  readonly toDir: string
  /** The skill's name and store integrity, written with the files into skillship's marker. */
  readonly marker: { readonly name: string; readonly integrity: string }
}

/**
 * Materialises `files` from `fromDir` into the new folder `toDir` as the project's own files:
 * copy-on-write clones where the filesystem has them (FICLONE), plain copies elsewhere, never
 * hard links, so an edit in one project reaches neither the store nor any other project. Each
 * file gets a plain writable mode (0755 when the stored file is executable, else 0644) and the
 * placement seal: the store's sealed mtime, which any later write to the file replaces with the
 * present (see placed-marker.ts for the rule that makes this a content check). Every path is
 * re-checked (INSTALL_LINK_FAILED) so a corrupt entry cannot write outside `toDir`. The folder also
 * gets skillship's marker (placed-marker.ts), the proof that skillship placed it, checked before
 * any later replacement or removal. Returns each file's stats as sealed, by skill-relative path.
 * Synchronous file operations on purpose: a skill is a handful of small files, and thread-pool
 * round trips cost several times the copy itself (an install places hundreds).
 */
export function buildSkillFolder(options: BuildSkillFolderOptions): Map<string, PlacedFileStats> {
  const { paths, folders } = layoutOf(options.files)
  mkdirSync(options.toDir)
  // Every ancestor folder, parents before children: plain mkdir, no recursive probing.
  for (const folder of folders) mkdirSync(join(options.toDir, folder))
  const sealed = new Map<string, PlacedFileStats>()
  for (const [index, path] of paths.entries()) {
    const file = options.files[index] as LockedFile
    sealed.set(path, copySealed(join(options.fromDir, path), join(options.toDir, path), file.mode))
  }
  writePlacedMarker(options.toDir, { ...options.marker, files: options.files, sealed })
  return sealed
}

interface FolderLayout {
  readonly paths: readonly string[]
  readonly folders: readonly string[]
}

// One store entry is placed into every agent folder: its paths are checked once per install.
const layouts = new WeakMap<readonly LockedFile[], FolderLayout>()

function layoutOf(files: readonly LockedFile[]): FolderLayout {
  let layout = layouts.get(files)
  if (layout === undefined) {
    const paths = files.map((file) => safeRelativePath(file.path))
    layout = { paths, folders: ancestorFolders(paths) }
    layouts.set(files, layout)
  }
  return layout
}

// FICLONE: a copy-on-write clone where the filesystem has them, a plain copy elsewhere (libuv
// falls back by itself). The seal comes last: the chmod would otherwise move the ctime recorded.
function copySealed(from: string, to: string, mode: number): PlacedFileStats {
  copyFileSync(from, to, constants.COPYFILE_FICLONE)
  chmodSync(to, (mode & 0o111) !== 0 ? 0o755 : 0o644)
  utimesSync(to, sealedMtimeSeconds, sealedMtimeSeconds)
  const { ino, size, mtimeMs, ctimeMs } = lstatSync(to)
  return { ino, size, mtimeMs, ctimeMs }
}

function safeRelativePath(path: string): string {
  try {
    const checked = checkEntryPath(path)
    // The marker's name is skillship's: a skill shipping a file there could pose as placed.
    if (checked === path && path !== placedMarkerName) return path
  } catch (error) {
    throw unsafeFile(path, error)
  }
  throw unsafeFile(path, undefined)
}

function unsafeFile(path: string, cause: unknown): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.LinkFailed,
    `The store entry lists an unsafe file path: ${JSON.stringify(path)}.`,
    { hint: 'Clear the store entry and install again.', path, cause },
  )
}
