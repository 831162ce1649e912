import type { Stats } from 'node:fs'
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { sha256Hex } from '@skillship/core/integrity'
import { lstatSyncIfExists } from '../fs/if-exists.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import type { StoredFileId } from '../store/content-store.js'
import type { PlaceMethod } from './agent-target.js'

/** One thing wrong with a placed skill; `file` is the skill-relative path for file issues. */
export interface PlacedSkillIssue {
  readonly kind:
    | 'missing'
    | 'dangling-symlink'
    | 'not-a-folder'
    | 'wrong-method'
    | 'file-missing'
    | 'file-changed'
    | 'skill-md-unreadable'
  readonly file?: string
}

/** What was found at a skill path. */
export interface PlacedSkillInspection {
  /** What is on disk, or the expected method when nothing is. */
  readonly method: PlaceMethod
  /** Empty when every expected file is there byte for byte. */
  readonly issues: readonly PlacedSkillIssue[]
}

/** The skill path to inspect and what it should hold. */
export interface InspectPlacedSkillOptions {
  readonly path: string
  readonly files: readonly LockedFile[]
  /** The method it was placed with; a different one on disk is a `wrong-method` issue. */
  readonly method: PlaceMethod
  /**
   * The store entry folder the files were hard-linked from: a file sharing its inode with the
   * store file is equal without re-hashing (the store re-hashes its entries when it hands them out).
   */
  readonly storeDir?: string
  /** The store's device and inode of each file, by path: spares an lstat of `storeDir` per file. */
  readonly storeFileIds?: ReadonlyMap<string, StoredFileId>
  /** Receives the stats of every expected file found at `path` (the install stamp records them). */
  readonly onFileStats?: (path: string, stats: Pick<Stats, 'ino' | 'size' | 'mtimeMs'>) => void
}

/**
 * Checks `path` against `files`: it exists, resolves (through a symlink) to a folder, holds every
 * file with the expected size and SHA-256, and its SKILL.md can be read. Files not listed are
 * ignored. Never throws for what it finds; only for unexpected I/O errors. Synchronous file
 * checks on purpose: a skill is a handful of small files, and thread-pool round trips cost several
 * times the work (this runs for every placement of every install).
 */
export async function inspectPlacedSkill(
  options: InspectPlacedSkillOptions,
): Promise<PlacedSkillInspection> {
  const entry = lstatSyncIfExists(options.path)
  if (entry === undefined) return { method: options.method, issues: [{ kind: 'missing' }] }
  const method: PlaceMethod = entry.isSymbolicLink() ? 'symlink' : 'folder'
  const folder = statIfExists(options.path)
  if (folder === undefined) return { method, issues: [{ kind: 'dangling-symlink' }] }
  if (!folder.isDirectory()) return { method, issues: [{ kind: 'not-a-folder' }] }
  const issues: PlacedSkillIssue[] = method === options.method ? [] : [{ kind: 'wrong-method' }]
  for (const file of options.files) {
    const issue = inspectFile(options, file)
    if (issue !== undefined) issues.push(issue)
  }
  if (!isReadableFile(join(options.path, 'SKILL.md'))) issues.push({ kind: 'skill-md-unreadable' })
  return { method, issues }
}

function inspectFile(
  options: InspectPlacedSkillOptions,
  file: LockedFile,
): PlacedSkillIssue | undefined {
  const path = join(options.path, file.path)
  const stats = statIfExists(path)
  if (stats === undefined || !stats.isFile()) return { kind: 'file-missing', file: file.path }
  if (stats.size !== file.size) return { kind: 'file-changed', file: file.path }
  options.onFileStats?.(path, stats)
  const stored = storedId(options, file.path)
  if (stored !== undefined && stored.ino === stats.ino && stored.dev === stats.dev) return undefined
  return sha256Hex(readFileSync(path)) === file.sha256
    ? undefined
    : { kind: 'file-changed', file: file.path }
}

function storedId(options: InspectPlacedSkillOptions, path: string): StoredFileId | undefined {
  const known = options.storeFileIds?.get(path)
  if (known !== undefined || options.storeDir === undefined) return known
  return statIfExists(join(options.storeDir, path))
}

function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch (error) {
    // ENOTDIR: a parent on the way is a file; ELOOP: a symlink cycle. Both mean "not there".
    if (['ENOENT', 'ENOTDIR', 'ELOOP'].includes(errnoCode(error) ?? '')) return undefined
    throw error
  }
}

/** True when `path` opens as a regular file: what an agent needs of SKILL.md (there, readable). */
export function isReadableFile(path: string): boolean {
  try {
    const fd = openSync(path, 'r')
    try {
      return fstatSync(fd).isFile()
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'EACCES', 'EISDIR', 'ELOOP'].includes(errnoCode(error) ?? '')) {
      return false
    }
    throw error
  }
}
