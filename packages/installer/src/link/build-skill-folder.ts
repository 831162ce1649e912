import { chmodSync, constants, copyFileSync, linkSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { checkEntryPath } from '@skillship/core/entry-path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { ancestorFolders } from '../fs/ancestor-folders.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { placedMarkerName, writePlacedMarker } from './placed-marker.js'

/** How the files of a built folder were made. */
export type FileTransfer = 'hardlink' | 'copy'

/** Where to build from and how. */
export interface BuildSkillFolderOptions {
  /** The store entry's folder (read-only). */
  readonly fromDir: string
  readonly files: readonly LockedFile[]
  /** A folder that does not exist yet; created here. */
  readonly toDir: string
  /** Copy every file instead of hard-linking (`--copy`: the agent folder shares nothing with the store). */
  readonly copyFiles: boolean
  /** The skill's name and store integrity, written with the files into skillship's marker. */
  readonly marker: { readonly name: string; readonly integrity: string }
}

// A hard link can fail where a copy works: another filesystem (EXDEV), filesystems or policies
// without hard links (EPERM, ENOTSUP), or too many links to one inode (EMLINK).
const linkUnsupported = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'])

/**
 * Materialises `files` from `fromDir` into the new folder `toDir`: hard links sharing the store's
 * inodes, falling back to copies for the rest once the filesystem refuses a link. Copies get plain
 * writable modes (0755 when the stored file is executable, else 0644). Every path is re-checked
 * (INSTALL_LINK_FAILED) so a corrupt entry cannot write outside `toDir`. Returns 'copy' when any
 * file was copied. The folder also gets skillship's marker (placed-marker.ts), the proof that
 * skillship placed it, checked before any later replacement or removal. Synchronous file operations on purpose: a skill is a handful of small files, and
 * thread-pool round trips cost several times the link or copy itself (an install places hundreds).
 */
export function buildSkillFolder(options: BuildSkillFolderOptions): FileTransfer {
  const { paths, folders } = layoutOf(options.files)
  mkdirSync(options.toDir)
  // Every ancestor folder, parents before children: plain mkdir, no recursive probing.
  for (const folder of folders) mkdirSync(join(options.toDir, folder))
  const state = { copy: options.copyFiles }
  for (const [index, path] of paths.entries()) {
    const file = options.files[index] as LockedFile
    transferFile(join(options.fromDir, path), join(options.toDir, path), file.mode, state)
  }
  writePlacedMarker(options.toDir, { ...options.marker, files: options.files })
  return state.copy ? 'copy' : 'hardlink'
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

function transferFile(from: string, to: string, mode: number, state: { copy: boolean }): void {
  if (!state.copy) {
    try {
      linkSync(from, to)
      return
    } catch (error) {
      if (!linkUnsupported.has(errnoCode(error) ?? '')) throw error
      state.copy = true
    }
  }
  // FICLONE: a copy-on-write clone where the filesystem has them, a plain copy elsewhere.
  copyFileSync(from, to, constants.COPYFILE_FICLONE)
  chmodSync(to, (mode & 0o111) !== 0 ? 0o755 : 0o644)
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
