import { lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { realpath } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import type { AgentReport } from './agent-target.js'
import {
  type InspectPlacedSkillOptions,
  inspectPlacedSkill,
  isReadableFile,
  type PlacedSkillIssue,
} from './inspect-placed-skill.js'
import type { RealFolderCache } from './real-folder-cache.js'

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
