import {
  chmodSync,
  closeSync,
  type Dirent,
  fchmodSync,
  fstatSync,
  futimesSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  type Stats,
  utimesSync,
} from 'node:fs'
import { join } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { sha256Hex } from '@skillship/core/integrity'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { isLockedFile } from '../lockfile/parse-locked-skill.js'
import { ancestorFolders, digestOf, parseJsonOrUndefined } from '../shared/helpers.js'

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

/** What a store entry folder holds: nothing, something unusable, or verified files. */
export type EntryState =
  | { readonly status: 'absent' }
  | { readonly status: 'corrupt'; readonly reason: string }
  | {
      readonly status: 'ok'
      readonly files: readonly LockedFile[]
      readonly fileIds: Map<string, StoredFileId>
      /** False for an entry made before seals: it was verified by hashing every file. */
      readonly sealed: boolean
    }

/**
 * Checks an entry against its index.json. A sealed entry (store-seal.ts) is checked by one lstat
 * per file and folder. An entry without a seal is checked byte for byte: the folder holds exactly
 * the listed files (no extra, no missing, no links), each with the listed size, the read-only mode
 * of its logical mode and the listed SHA-256. Synchronous on purpose: for a small skill the
 * thread-pool round trips of fs/promises cost several times the work itself.
 */
export function verifyStoreEntry(paths: EntryPaths, integrity: string): EntryState {
  const index = readIndex(paths)
  if (index.status !== 'indexed') return index
  if (index.integrity !== integrity) return { status: 'corrupt', reason: 'index of another key' }
  if (index.sealed) {
    const seal = checkEntrySeal(paths.skillDir, index.files)
    if (seal.status !== 'ok') return seal
    return { status: 'ok', files: index.files, fileIds: seal.fileIds, sealed: true }
  }
  return verifyByHashing(paths.skillDir, index.files)
}

interface IndexedEntry {
  readonly status: 'indexed'
  readonly integrity: string
  readonly files: readonly LockedFile[]
  readonly sealed: boolean
}

/** The index.json of a sealed entry: `sealed` is the mtime its files and folders carry. */
export function serializeIndex(integrity: string, files: readonly LockedFile[]): string {
  return `${JSON.stringify({ integrity, files, sealed: sealedMtimeSeconds })}\n`
}

function readIndex(paths: EntryPaths): IndexedEntry | EntryState {
  // lstat first: a miss (every cold install's case) then costs no thrown error.
  if (lstatSync(paths.entryDir, { throwIfNoEntry: false }) === undefined) {
    return { status: 'absent' }
  }
  let text: string
  try {
    text = readFileSync(paths.indexPath, 'utf8')
  } catch (error) {
    // The folder is there (or was, a moment ago: discarding a vanished entry is a no-op).
    if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'ENOTDIR') throw error
    return { status: 'corrupt', reason: 'no index.json' }
  }
  const index = parseIndex(text)
  return index === undefined ? { status: 'corrupt', reason: 'invalid index.json' } : index
}

function parseIndex(text: string): IndexedEntry | undefined {
  const value = parseJsonOrUndefined(text)
  if (typeof value !== 'object' || value === null) return undefined
  const { integrity, files, sealed } = value as Record<string, unknown>
  if (typeof integrity !== 'string' || !Array.isArray(files)) return undefined
  const checked: unknown[] = files
  if (!checked.every(isLockedFile)) return undefined
  return { status: 'indexed', integrity, files: checked, sealed: sealed === sealedMtimeSeconds }
}

function verifyByHashing(skillDir: string, files: readonly LockedFile[]): EntryState {
  const listed = listFiles(skillDir)
  if (listed === undefined) return { status: 'corrupt', reason: 'not a plain folder tree' }
  const indexed = new Set(files.map((file) => file.path))
  if (indexed.size !== files.length || indexed.size !== listed.size) {
    return { status: 'corrupt', reason: 'files added or removed' }
  }
  if (files.some((file) => !listed.has(file.path))) {
    return { status: 'corrupt', reason: 'files added or removed' }
  }
  const fileIds = new Map<string, StoredFileId>()
  for (const file of files) {
    const id = fileMatches(join(skillDir, file.path), file)
    if (id === undefined) return { status: 'corrupt', reason: `${file.path} changed` }
    fileIds.set(file.path, id)
  }
  return { status: 'ok', files, fileIds, sealed: false }
}

/** Relative paths of the regular files below `root`, or undefined when anything else is there. */
function listFiles(root: string): Set<string> | undefined {
  const found = new Set<string>()
  return collectFiles(root, '', found) ? found : undefined
}

function collectFiles(root: string, folder: string, found: Set<string>): boolean {
  const entries = readEntries(folder === '' ? root : join(root, folder))
  if (entries === undefined) return false
  for (const entry of entries) {
    const path = folder === '' ? entry.name : `${folder}/${entry.name}`
    if (entry.isFile()) found.add(path)
    else if (!entry.isDirectory() || !collectFiles(root, path, found)) return false
  }
  return true
}

// A folder that vanished between listing and reading (a concurrent removal) reads as corrupt.
function readEntries(folder: string): Dirent[] | undefined {
  try {
    return readdirSync(folder, { withFileTypes: true })
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined
    throw error
  }
}

// The file's identity when it holds the listed bytes with the listed read-only mode.
function fileMatches(absolutePath: string, file: LockedFile): StoredFileId | undefined {
  let fd: number
  try {
    fd = openSync(absolutePath, 'r')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile() || stats.size !== file.size) return undefined
    if ((stats.mode & 0o7777) !== readOnlyMode(file.mode)) return undefined
    const bytes = Buffer.allocUnsafe(file.size)
    let offset = 0
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, offset)
      if (read === 0) return undefined
      offset += read
    }
    return sha256Hex(bytes) === file.sha256 ? { dev: stats.dev, ino: stats.ino } : undefined
  } finally {
    closeSync(fd)
  }
}

/** The on-disk identity of a stored file: a hard link with the same device and inode is that file. */
export interface StoredFileId {
  readonly dev: number
  readonly ino: number
}

/** Where one store entry lives. */
export interface EntryPaths {
  /** `<root>/v1/<2 hex>/<126 hex>`: holds `skill/` and `index.json`. */
  readonly entryDir: string
  readonly skillDir: string
  readonly indexPath: string
}

/** The layout version folder: a future incompatible layout goes beside it, never mixed in. */
export const storeLayoutVersion = 'v1'

/**
 * The paths of the entry for `integrity`. The key must be exactly `sha512-` + 88 canonical base64
 * characters; the folder names are the hex of the decoded digest, so no key can name a path
 * outside the store. Throws INSTALL_INTEGRITY_MISMATCH for anything else.
 */
export function entryPaths(root: string, integrity: string): EntryPaths {
  const digest = digestOf(integrity)
  if (digest === undefined) {
    throw new SkillshipError(
      InstallErrorCode.IntegrityMismatch,
      `Not a sha512 integrity: '${integrity.slice(0, 120)}'`,
      { hint: 'Integrity values look like sha512-<88 base64 characters>.' },
    )
  }
  const hex = digest.toString('hex')
  // One join normalises `root`; the names below it are plain segments (hot: once per skill).
  const entryDir = join(root, storeLayoutVersion, hex.slice(0, 2), hex.slice(2))
  return { entryDir, skillDir: `${entryDir}/skill`, indexPath: `${entryDir}/index.json` }
}

/** Staging and trash folders: on the store's filesystem, so entries move in and out by rename. */
export function tmpDir(root: string): string {
  return join(root, 'tmp')
}

/** On-disk mode of a store file: the logical mode (0644/0755) without any write bit. */
export function readOnlyMode(mode: number): number {
  return mode === 0o755 ? 0o555 : 0o444
}
