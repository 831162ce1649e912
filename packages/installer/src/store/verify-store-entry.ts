import {
  closeSync,
  type Dirent,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
} from 'node:fs'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { sha256Hex } from '@skillship/core/integrity'
import { parseJsonOrUndefined } from '../json/parse-json-or-undefined.js'
import { isLockedFile } from '../lockfile/is-locked-file.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import type { StoredFileId } from './content-store.js'
import { type EntryPaths, readOnlyMode } from './store-layout.js'
import { checkEntrySeal, sealedMtimeSeconds } from './store-seal.js'

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
