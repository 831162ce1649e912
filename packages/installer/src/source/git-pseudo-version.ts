import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { RunGit } from './run-git.js'

/**
 * The version of a git-sourced skill without `metadata.version`: `0.0.0-<YYYYMMDD>-<sha12>`, the
 * commit's committer date (UTC) and its first 12 hex digits, so versions of one branch sort by
 * date and each names its commit. Semver forbids a numeric identifier with a leading zero: such a
 * sha12 (all digits, starting with 0) is written `g<sha11>` instead.
 */
export function gitPseudoVersion(commit: string, committedAtSeconds: number): string {
  const date = new Date(committedAtSeconds * 1000).toISOString().slice(0, 10).replaceAll('-', '')
  const sha = commit.slice(0, 12)
  const id = /^0\d*$/.test(sha) ? `g${sha.slice(0, 11)}` : sha
  return `0.0.0-${date}-${id}`
}

/** The committer date of `commit` in the repository at `cwd`, in seconds since the epoch. */
export async function commitTime(git: RunGit, commit: string, cwd: string): Promise<number> {
  const text = (await git(['show', '-s', '--format=%ct', '--end-of-options', commit], cwd)).trim()
  const seconds = Number(text)
  if (!Number.isSafeInteger(seconds))
    throw new SkillshipError(InstallErrorCode.GitFailed, `git show printed '${text}' as a time`, {
      hint: 'Check the git installation (git --version).',
    })
  return seconds
}
