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
import { sha256Hex } from '@skillship/core/integrity'
import { isLockedFile } from '../lockfile/is-locked-file.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { errnoCode } from './errno-code.js'
import { type EntryPaths, readOnlyMode } from './store-layout.js'

/** What a store entry folder holds: nothing, something unusable, or verified files. */
export type EntryState =
  | { readonly status: 'absent' }
  | { readonly status: 'corrupt'; readonly reason: string }
  | { readonly status: 'ok'; readonly files: readonly LockedFile[] }

/**
 * Checks an entry against its index.json: the folder holds exactly the listed files (no extra,
 * no missing, no links), each with the listed size, the read-only mode of its logical mode and the
 * listed SHA-256. Synchronous on purpose: for a small skill the thread-pool round trips of
 * fs/promises cost several times the work itself.
 */
export function verifyStoreEntry(paths: EntryPaths, integrity: string): EntryState {
  const index = readIndex(paths)
  if (index.status !== 'indexed') return index
  if (index.integrity !== integrity) return { status: 'corrupt', reason: 'index of another key' }
  const listed = listFiles(paths.skillDir)
  if (listed === undefined) return { status: 'corrupt', reason: 'not a plain folder tree' }
  const indexed = new Set(index.files.map((file) => file.path))
  if (indexed.size !== index.files.length || indexed.size !== listed.size) {
    return { status: 'corrupt', reason: 'files added or removed' }
  }
  if (index.files.some((file) => !listed.has(file.path))) {
    return { status: 'corrupt', reason: 'files added or removed' }
  }
  const bad = index.files.find((file) => !fileMatches(join(paths.skillDir, file.path), file))
  if (bad !== undefined) return { status: 'corrupt', reason: `${bad.path} changed` }
  return { status: 'ok', files: index.files }
}

interface IndexedEntry {
  readonly status: 'indexed'
  readonly integrity: string
  readonly files: readonly LockedFile[]
}

function readIndex(paths: EntryPaths): IndexedEntry | EntryState {
  let text: string
  try {
    text = readFileSync(paths.indexPath, 'utf8')
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'ENOTDIR') throw error
    const exists = lstatSync(paths.entryDir, { throwIfNoEntry: false }) !== undefined
    return exists ? { status: 'corrupt', reason: 'no index.json' } : { status: 'absent' }
  }
  const index = parseIndex(text)
  return index === undefined ? { status: 'corrupt', reason: 'invalid index.json' } : index
}

function parseIndex(text: string): IndexedEntry | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { integrity, files } = value as Record<string, unknown>
  if (typeof integrity !== 'string' || !Array.isArray(files)) return undefined
  const checked: unknown[] = files
  if (!checked.every(isLockedFile)) return undefined
  return { status: 'indexed', integrity, files: checked }
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

function fileMatches(absolutePath: string, file: LockedFile): boolean {
  let fd: number
  try {
    fd = openSync(absolutePath, 'r')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile() || stats.size !== file.size) return false
    if ((stats.mode & 0o7777) !== readOnlyMode(file.mode)) return false
    const bytes = Buffer.allocUnsafe(file.size)
    let offset = 0
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, offset)
      if (read === 0) return false
      offset += read
    }
    return sha256Hex(bytes) === file.sha256
  } finally {
    closeSync(fd)
  }
}
