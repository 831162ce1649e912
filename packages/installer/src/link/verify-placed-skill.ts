import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs'
import { realpath } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { sha256Hex } from '@skillship/core/integrity'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { lstatSyncIfExists } from '../shared/helpers.js'
import {
  isSealedAsPlaced,
  type PlacedFileStats,
  type PlacedMarkerFile,
  readPlacedMarker,
} from '../state/installed-state.js'
import type { AgentReport, PlaceMethod } from './agent-target.js'
import type { RealFolderCache } from './skill-staging.js'

/** The agent the path belongs to, plus what `inspectPlacedSkill` needs. */
export interface VerifyPlacedSkillOptions extends InspectPlacedSkillOptions {
  readonly agent: string
}

const issueText: Readonly<Record<PlacedSkillIssue['kind'], string>> = {
  missing: 'nothing is installed at this path',
  'dangling-symlink': 'the symlink points to nothing',
  'not-a-folder': 'this path is not a folder',
  'wrong-method': 'the path is not the expected kind (folder or symlink)',
  'file-missing': 'a file is missing',
  'file-changed': 'a file differs from the installed version',
  'file-shared': 'a file has other hard links (an edit would reach them; install again to copy it)',
  'skill-md-unreadable': 'SKILL.md cannot be read',
}
const maxListed = 3

/**
 * Checks on disk that an agent can load the skill at `path` (see inspectPlacedSkill) and reports
 * it for that agent: `verified` with no `problem`, or the first few problems in words. This is
 * the "installed, and the agent really sees it" answer the install summary prints per agent.
 */
export async function verifyPlacedSkill(options: VerifyPlacedSkillOptions): Promise<AgentReport> {
  const { method, issues } = await inspectPlacedSkill(options)
  const base = { agent: options.agent, path: options.path, method }
  if (issues.length === 0) return { ...base, verified: true }
  const listed = issues.slice(0, maxListed).map(describe)
  const more = issues.length > maxListed ? ` (and ${issues.length - maxListed} more)` : ''
  return { ...base, verified: false, problem: `${listed.join('; ')}${more}` }
}

function describe(issue: PlacedSkillIssue): string {
  const text = issueText[issue.kind]
  return issue.file === undefined ? text : `${text}: ${issue.file}`
}

/**
 * The report for a folder this run built and renamed to `path`: the folder there must be that very
 * folder (same device and inode: every file in it was made by a copy syscall that succeeded, from
 * a verified store entry) and its SKILL.md must open. Anything else is inspected
 * file by file, for a report that says what is wrong.
 */
export async function verifyBuiltFolder(
  options: VerifyPlacedSkillOptions & { readonly folder: { dev: number; ino: number } },
): Promise<AgentReport> {
  const found = lstatSync(options.path, { throwIfNoEntry: false })
  const same =
    found?.isDirectory() === true &&
    found.dev === options.folder.dev &&
    found.ino === options.folder.ino
  if (same && isReadableFile(join(options.path, 'SKILL.md'))) {
    return { agent: options.agent, path: options.path, method: 'folder', verified: true }
  }
  return verifyPlacedSkill(options)
}

/** What an up-to-date placement looks like. */
export interface IsPlacedCorrectlyOptions extends InspectPlacedSkillOptions {
  /** For symlinks: the folder the link must resolve to. */
  readonly symlinkTarget?: string
}

/**
 * True when `path` already holds exactly what placing would produce: same method, every file
 * with equal size and SHA-256 (vouched for by its placement seal, else hashed) and sealed, and,
 * for symlinks, the same resolved folder. This is what makes a second install of the same lockfile touch nothing.
 */
export async function isPlacedCorrectly(options: IsPlacedCorrectlyOptions): Promise<boolean> {
  return (await placementState(options)) === 'correct'
}

/**
 * What is at a placement's path: exactly what placing would produce ('correct', as
 * isPlacedCorrectly), nothing at all ('absent'), or something else ('differs').
 */
export async function placementState(
  options: IsPlacedCorrectlyOptions,
): Promise<'correct' | 'absent' | 'differs'> {
  const { issues, unsealed } = await inspectPlacedSkill(options)
  if (issues.some((issue) => issue.kind === 'missing')) return 'absent'
  if (issues.length > 0 || unsealed) return 'differs'
  if (options.method !== 'symlink' || options.symlinkTarget === undefined) return 'correct'
  const expected = await realpathIfExists(options.symlinkTarget)
  return expected !== undefined && (await realpath(options.path)) === expected
    ? 'correct'
    : 'differs'
}

async function realpathIfExists(path: string): Promise<string | undefined> {
  try {
    return await realpath(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/**
 * The report for a symlink placement whose target folder was verified in the same pass: the link
 * must resolve to exactly that folder (`verifiedFolder` may be given already resolved). Reading
 * the files again through the link would re-read what was just verified, SKILL.md included. With
 * `folders`, a link whose text leads from its real parent straight to the folder's real path is
 * checked with one readlink; anything else is resolved in full.
 */
export function verifyLinkToVerifiedFolder(options: {
  readonly agent: string
  readonly path: string
  readonly verifiedFolder: string
  readonly folders?: RealFolderCache
}): AgentReport {
  const base = { agent: options.agent, path: options.path, method: 'symlink' as const }
  if (
    options.folders !== undefined &&
    linksStraightTo(options.path, options.verifiedFolder, options.folders)
  ) {
    return { ...base, verified: true }
  }
  const resolved = realpathOrUndefined(options.path)
  if (resolved === undefined)
    return { ...base, verified: false, problem: issueText['dangling-symlink'] }
  if (resolved !== realpathOrUndefined(options.verifiedFolder)) {
    return { ...base, verified: false, problem: 'the symlink points to another folder' }
  }
  return { ...base, verified: true }
}

// True when `path` is a symlink whose text, read from its real parent, names the real path of the
// real folder `folder`: leading `..` segments only, so lexical and physical resolution agree.
function linksStraightTo(path: string, folder: string, folders: RealFolderCache): boolean {
  let text: string
  try {
    text = readlinkSync(path)
  } catch (error) {
    if (['EINVAL', 'ENOENT', 'ENOTDIR'].includes(errnoCode(error) ?? '')) return false
    throw error
  }
  const segments = text.split(sep)
  const firstName = segments.findIndex((segment) => segment !== '..')
  if (firstName >= 0 && segments.slice(firstName).some((s) => s === '..' || s === '.')) return false
  const expected = join(folders.realFolder(dirname(folder)), basename(folder))
  return resolve(folders.realFolder(dirname(path)), text) === expected
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'ELOOP'].includes(errnoCode(error) ?? '')) return undefined
    throw error
  }
}

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
