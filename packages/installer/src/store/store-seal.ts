import {
  chmodSync,
  fchmodSync,
  fstatSync,
  futimesSync,
  lstatSync,
  type Stats,
  utimesSync,
} from 'node:fs'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { ancestorFolders } from '../fs/ancestor-folders.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import type { StoredFileId } from './content-store.js'
import { readOnlyMode } from './store-layout.js'

/**
 * The mtime of every file and folder of a sealed entry: 1980-01-01T00:00:00Z (the zip epoch).
 * Writing a file sets its mtime to now, and adding, removing or renaming anything in a folder
 * sets the folder's: so after the entry's files were hashed once, on entry, an lstat per file and
 * folder tells whether anything changed since, without reading a byte (pnpm checks its store the
 * same way, by mtime against its last check; a fixed value has no racy same-tick window). The
 * seal guards against accidents (a program or a person writing into the store, a partial
 * delete), not against someone who rewrites a file and forges its mtime: they could as well
 * rewrite index.json.
 */
export const sealedMtimeSeconds = 315_532_800
/** `sealedMtimeSeconds` as Stats.mtimeMs reads it. */
export const sealedMtimeMs = sealedMtimeSeconds * 1000

/** Mode of every folder of an entry: nothing can be added or removed without a chmod first. */
export const sealedFolderMode = 0o555

/**
 * Seals the entry folder `skillDir` holding exactly `files`: files read-only (0444, 0555 when
 * executable), folders 0555, all with the sealed mtime; folders last, after everything in them
 * exists. Returns each file's device and inode.
 */
export function sealEntryFiles(
  skillDir: string,
  files: readonly LockedFile[],
): Map<string, StoredFileId> {
  const ids = new Map<string, StoredFileId>()
  for (const file of files) ids.set(file.path, sealFileAt(join(skillDir, file.path), file.mode))
  sealEntryFolders(skillDir, files)
  return ids
}

/** Seals one file of an entry by path (read-only mode, sealed mtime); returns its identity. */
export function sealFileAt(path: string, mode: number): StoredFileId {
  chmodSync(path, readOnlyMode(mode))
  utimesSync(path, sealedMtimeSeconds, sealedMtimeSeconds)
  const { dev, ino } = lstatSync(path)
  return { dev, ino }
}

/**
 * Seals a file still open for writing, through its descriptor: as `sealFileAt`, without a path
 * lookup per call (an unpack seals each file as it finishes writing it).
 */
export function sealOpenFile(fd: number, mode: number): StoredFileId {
  fchmodSync(fd, readOnlyMode(mode))
  futimesSync(fd, sealedMtimeSeconds, sealedMtimeSeconds)
  const { dev, ino } = fstatSync(fd)
  return { dev, ino }
}

/** Seals the folders of an entry holding `files`, innermost first, once everything in them exists. */
export function sealEntryFolders(skillDir: string, files: readonly LockedFile[]): void {
  const folders = ancestorFolders(files.map((file) => file.path))
  for (const folder of [...folders.reverse(), '']) {
    const path = join(skillDir, folder)
    chmodSync(path, sealedFolderMode)
    utimesSync(path, sealedMtimeSeconds, sealedMtimeSeconds)
  }
}

/** The outcome of checking a seal. */
export type SealCheck =
  | { readonly status: 'ok'; readonly fileIds: Map<string, StoredFileId> }
  | { readonly status: 'corrupt'; readonly reason: string }

/**
 * Checks a sealed entry against its index: every folder a 0555 folder and every file a regular
 * file of the listed size and read-only mode, all still with the sealed mtime. One lstat each.
 */
export function checkEntrySeal(skillDir: string, files: readonly LockedFile[]): SealCheck {
  // Listed paths are checked relative `/`-paths (isLockedFile): joined without normalising.
  const below = (path: string) => (path === '' ? skillDir : `${skillDir}/${path}`)
  for (const folder of ['', ...ancestorFolders(files.map((file) => file.path))]) {
    const stats = lstatIfThere(below(folder))
    if (stats === undefined || !stats.isDirectory() || !isSealed(stats, sealedFolderMode)) {
      return { status: 'corrupt', reason: `folder ${folder === '' ? '.' : folder} changed` }
    }
  }
  const fileIds = new Map<string, StoredFileId>()
  for (const file of files) {
    const stats = lstatIfThere(below(file.path))
    if (
      stats === undefined ||
      !stats.isFile() ||
      stats.size !== file.size ||
      !isSealed(stats, readOnlyMode(file.mode))
    ) {
      return { status: 'corrupt', reason: `${file.path} changed` }
    }
    fileIds.set(file.path, { dev: stats.dev, ino: stats.ino })
  }
  return { status: 'ok', fileIds }
}

// ENOTDIR: a folder on the way was replaced by a file meanwhile; both mean "not there".
function lstatIfThere(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false })
  } catch (error) {
    if (errnoCode(error) === 'ENOTDIR') return undefined
    throw error
  }
}

function isSealed(stats: Stats, mode: number): boolean {
  return (stats.mode & 0o7777) === mode && stats.mtimeMs === sealedMtimeMs
}
