import type { Stats } from 'node:fs'
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { sha256Hex } from '@skillship/core/integrity'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { lstatSyncIfExists } from '../shared/helpers.js'
import type { PlaceMethod } from './agent-target.js'
import {
  isSealedAsPlaced,
  type PlacedFileStats,
  type PlacedMarkerFile,
  readPlacedMarker,
} from './placed-marker.js'

/** One thing wrong with a placed skill; `file` is the skill-relative path for file issues. */
export interface PlacedSkillIssue {
  readonly kind:
    | 'missing'
    | 'dangling-symlink'
    | 'not-a-folder'
    | 'wrong-method'
    | 'file-missing'
    | 'file-changed'
    | 'file-shared'
    | 'skill-md-unreadable'
  readonly file?: string
}

/** What was found at a skill path. */
export interface PlacedSkillInspection {
  /** What is on disk, or the expected method when nothing is. */
  readonly method: PlaceMethod
  /** Empty when every expected file is there byte for byte. */
  readonly issues: readonly PlacedSkillIssue[]
  /**
   * True when some expected file was found equal by its content but not by its placement seal (a
   * folder placed before seals, or an edit undone): correct for an agent, and placed again by the
   * next install so that its stats vouch for it from then on.
   */
  readonly unsealed: boolean
}

/** The skill path to inspect and what it should hold. */
export interface InspectPlacedSkillOptions {
  readonly path: string
  readonly files: readonly LockedFile[]
  /** The method it was placed with; a different one on disk is a `wrong-method` issue. */
  readonly method: PlaceMethod
  /** Receives the stats of every expected file found unchanged at `path` (for the install stamp). */
  readonly onFileStats?: (path: string, stats: PlacedFileStats) => void
}

/**
 * Checks `path` against `files`: it exists, resolves (through a symlink) to a folder, holds every
 * file with the expected size and SHA-256 as a file of its own (a file with other hard links, such
 * as one linked from the store before placements were copies, is `file-shared`: an edit there
 * would reach the other names), and its SKILL.md can be read. A file is compared by content: read
 * and hashed, unless the folder's marker vouches for it by stats (isSealedAsPlaced, which no edit
 * passes). Files not listed are ignored. Never throws for what it finds; only for unexpected I/O errors. Synchronous file
 * checks on purpose: a skill is a handful of small files, and thread-pool round trips cost several
 * times the work (this runs for every placement of every install).
 */
export async function inspectPlacedSkill(
  options: InspectPlacedSkillOptions,
): Promise<PlacedSkillInspection> {
  const entry = lstatSyncIfExists(options.path)
  const unsealed = false
  if (entry === undefined)
    return { method: options.method, issues: [{ kind: 'missing' }], unsealed }
  const method: PlaceMethod = entry.isSymbolicLink() ? 'symlink' : 'folder'
  const folder = statIfExists(options.path)
  if (folder === undefined) return { method, issues: [{ kind: 'dangling-symlink' }], unsealed }
  if (!folder.isDirectory()) return { method, issues: [{ kind: 'not-a-folder' }], unsealed }
  const issues: PlacedSkillIssue[] = method === options.method ? [] : [{ kind: 'wrong-method' }]
  const recorded = new Map(readPlacedMarker(options.path)?.files.map((file) => [file.path, file]))
  const found = { unsealed }
  for (const file of options.files) {
    const issue = inspectFile(options, file, recorded.get(file.path), found)
    if (issue !== undefined) issues.push(issue)
  }
  if (!isReadableFile(join(options.path, 'SKILL.md'))) issues.push({ kind: 'skill-md-unreadable' })
  return { method, issues, unsealed: found.unsealed }
}

// The stats are taken before the content is read: a write after the read moves the mtime (and
// ctime) away from what the install stamp then records for the file.
function inspectFile(
  options: InspectPlacedSkillOptions,
  file: LockedFile,
  recorded: PlacedMarkerFile | undefined,
  found: { unsealed: boolean },
): PlacedSkillIssue | undefined {
  const path = join(options.path, file.path)
  const stats = statIfExists(path)
  if (stats === undefined || !stats.isFile()) return { kind: 'file-missing', file: file.path }
  if (stats.size !== file.size) return { kind: 'file-changed', file: file.path }
  if (isSealedAsPlaced(stats, file, recorded)) {
    if (stats.nlink > 1) return { kind: 'file-shared', file: file.path }
    options.onFileStats?.(path, stats)
    return undefined
  }
  if (sha256Hex(readFileSync(path)) !== file.sha256)
    return { kind: 'file-changed', file: file.path }
  if (stats.nlink > 1) return { kind: 'file-shared', file: file.path }
  found.unsealed = true
  return undefined
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
