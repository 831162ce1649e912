import { realpathSync } from 'node:fs'
import { realpath } from 'node:fs/promises'
import type { AgentReport } from './agent-target.js'
import {
  type InspectPlacedSkillOptions,
  inspectPlacedSkill,
  type PlacedSkillIssue,
} from './inspect-placed-skill.js'
import { errorCode } from './lstat-if-exists.js'

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

/** What an up-to-date placement looks like. */
export interface IsPlacedCorrectlyOptions extends InspectPlacedSkillOptions {
  /** For symlinks: the folder the link must resolve to. */
  readonly symlinkTarget?: string
}

/**
 * True when `path` already holds exactly what placing would produce: same method, every file
 * with equal size and SHA-256 (hard links to `storeDir` skip hashing) and, for symlinks, the same
 * resolved folder. This is what makes a second install of the same lockfile touch nothing.
 */
export async function isPlacedCorrectly(options: IsPlacedCorrectlyOptions): Promise<boolean> {
  const { issues } = await inspectPlacedSkill(options)
  if (issues.length > 0) return false
  if (options.method !== 'symlink' || options.symlinkTarget === undefined) return true
  const expected = await realpathIfExists(options.symlinkTarget)
  return expected !== undefined && (await realpath(options.path)) === expected
}

async function realpathIfExists(path: string): Promise<string | undefined> {
  try {
    return await realpath(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/**
 * The report for a symlink placement whose target folder was verified in the same pass: the link
 * must resolve to exactly that folder (`verifiedFolder` may be given already resolved). Reading
 * the files again through the link would re-read what was just verified, SKILL.md included.
 */
export function verifyLinkToVerifiedFolder(options: {
  readonly agent: string
  readonly path: string
  readonly verifiedFolder: string
}): AgentReport {
  const base = { agent: options.agent, path: options.path, method: 'symlink' as const }
  const resolved = realpathOrUndefined(options.path)
  if (resolved === undefined)
    return { ...base, verified: false, problem: issueText['dangling-symlink'] }
  if (resolved !== realpathOrUndefined(options.verifiedFolder)) {
    return { ...base, verified: false, problem: 'the symlink points to another folder' }
  }
  return { ...base, verified: true }
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'ELOOP'].includes(errorCode(error) ?? '')) return undefined
    throw error
  }
}
