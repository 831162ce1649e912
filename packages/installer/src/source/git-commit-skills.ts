import { realpath, stat } from 'node:fs/promises'
import { basename, join, sep } from 'node:path'
import { errnoCode, isSkillshipError, SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { checkoutGitCommit } from './checkout-git-commit.js'
import { discoverSkillFolders } from './discover-skill-folders.js'
import { commitTime, gitPseudoVersion } from './git-pseudo-version.js'
import { type PackedSkillFolder, packSkillFolder } from './pack-skill-folder.js'
import type { RunGit } from './run-git.js'
import { withTempDir } from './with-temp-dir.js'

/** One skill folder of a commit: packed, or why it could not be (discovery only). */
export type CommitSkill =
  | { readonly subpath: string | undefined; readonly packed: PackedSkillFolder }
  | { readonly subpath: string | undefined; readonly error: SkillshipError }

export interface CommitSkills {
  readonly commit: string
  readonly skills: readonly CommitSkill[]
}

export interface InspectCommitOptions {
  readonly force: boolean
  /** Called when the checkout is done and the skills are being looked at. */
  readonly onCheckedOut?: () => void
}

/**
 * Checks `commit` of the repository at `url` out once and packs skill folders of it: the given
 * subpaths (undefined is the root; any failure throws), or with `'discover'` every folder
 * discoverSkillFolders finds (a folder that is not a valid skill is reported with its error, so a
 * listing shows it; discovery's own refusals throw). Versions follow gitPseudoVersion when a skill
 * declares none. The checkout is always removed.
 */
export async function inspectCommit(
  git: RunGit,
  url: string,
  commit: string,
  want: readonly (string | undefined)[] | 'discover',
  options: InspectCommitOptions,
): Promise<CommitSkills> {
  return withTempDir('git', async (dir) => {
    const checkout = join(dir, 'repo')
    const full = await checkoutGitCommit(git, url, commit, checkout)
    options.onCheckedOut?.()
    const fallbackVersion = gitPseudoVersion(full, await commitTime(git, full, checkout))
    const pack = async (subpath: string | undefined) => {
      const root = subpath === undefined ? checkout : await skillFolder(checkout, subpath, url)
      const name = subpath === undefined ? undefined : basename(subpath)
      return packSkillFolder(root, name, { force: options.force, fallbackVersion })
    }
    const skills: CommitSkill[] = []
    if (want !== 'discover')
      for (const subpath of want) skills.push({ subpath, packed: await pack(subpath) })
    else skills.push(...(await packDiscovered(checkout, pack)))
    return { commit: full, skills }
  })
}

// Every folder discovery finds, packed; one that is not a valid skill is kept with its error.
async function packDiscovered(
  checkout: string,
  pack: (subpath: string | undefined) => Promise<PackedSkillFolder>,
): Promise<CommitSkill[]> {
  const skills: CommitSkill[] = []
  for (const folder of await discoverSkillFolders(checkout)) {
    const subpath = folder === '.' ? undefined : folder
    try {
      skills.push({ subpath, packed: await pack(subpath) })
    } catch (error) {
      if (!isSkillshipError(error) || error.code !== InstallErrorCode.InvalidSkill) throw error
      skills.push({ subpath, error })
    }
  }
  return skills
}

// The folder must exist and stay inside the checkout: a committed symlink could point anywhere.
async function skillFolder(checkout: string, subpath: string, url: string): Promise<string> {
  const path = join(checkout, subpath)
  const missing = (): SkillshipError =>
    new SkillshipError(InstallErrorCode.SpecInvalid, `No folder '${subpath}' in ${url}`, {
      hint: 'Set &path= to the folder holding SKILL.md, relative to the repository root.',
      details: { url, subpath },
    })
  let real: string
  try {
    real = await realpath(path)
  } catch (error) {
    const code = errnoCode(error)
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error
    throw missing()
  }
  const base = await realpath(checkout)
  if (!real.startsWith(base + sep) || !(await stat(real)).isDirectory()) throw missing()
  return real
}
