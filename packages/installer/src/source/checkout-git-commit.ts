import { isSkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { fullCommitId } from './resolve-git-ref.js'
import type { RunGit } from './run-git.js'

/**
 * Checks out `commit` (a full or abbreviated commit id, never user text that could be an option)
 * of the repository at `url` into the new folder `dir`, and returns the full commit id. A full id
 * is fetched alone (`--depth 1`); when the server refuses that (old servers allow only advertised
 * refs), or for an abbreviated id, the branches and tags are fetched whole instead. Throws
 * INSTALL_GIT_FAILED when the commit cannot be found.
 */
export async function checkoutGitCommit(
  git: RunGit,
  url: string,
  commit: string,
  dir: string,
): Promise<string> {
  await git(['init', '-q', '--', dir])
  let target = 'FETCH_HEAD'
  if (fullCommitId.test(commit)) {
    try {
      await git(['fetch', '-q', '--depth', '1', '--no-tags', '--', url, commit], dir)
    } catch (error) {
      if (!isSkillshipError(error) || error.code !== InstallErrorCode.GitFailed) throw error
      target = commit
    }
  } else {
    target = commit
  }
  if (target !== 'FETCH_HEAD')
    await git(['fetch', '-q', '--tags', '--', url, '+refs/heads/*:refs/remotes/origin/*'], dir)
  const full = (
    await git(['rev-parse', '--verify', '--end-of-options', `${target}^{commit}`], dir)
  ).trim()
  await git(['checkout', '-q', '--detach', full], dir)
  return full
}
