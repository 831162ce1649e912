import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { RunGit } from './run-git.js'

/** A full commit id (SHA-1, or SHA-256 for repositories using it). */
export const fullCommitId = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/
const abbreviatedCommitId = /^[0-9a-f]{4,39}$/

/**
 * The full commit `ref` names in the repository at `url` (default `HEAD`), from one
 * `git ls-remote`: a full commit id as is, else an exact ref, a tag (peeled to its commit), then a
 * branch, as git's own lookup order. Returns undefined for what can only be an abbreviated commit
 * (ls-remote cannot see those; the caller fetches the history). Unknown refs throw
 * INSTALL_GIT_FAILED with the available tags and branches in the hint.
 */
export async function resolveGitRef(
  git: RunGit,
  url: string,
  ref: string | undefined,
): Promise<string | undefined> {
  if (ref !== undefined && fullCommitId.test(ref.toLowerCase())) return ref.toLowerCase()
  const refs = parseLsRemote(await git(['ls-remote', '--', url]))
  const wanted = ref ?? 'HEAD'
  const candidates = [wanted, `refs/tags/${wanted}`, `refs/heads/${wanted}`]
  for (const candidate of candidates) {
    const commit = refs.get(`${candidate}^{}`) ?? refs.get(candidate)
    if (commit !== undefined) return commit
  }
  if (abbreviatedCommitId.test(wanted)) return undefined
  const known = [...refs.keys()]
    .filter((name) => /^refs\/(?:tags|heads)\//.test(name) && !name.endsWith('^{}'))
    .map((name) => name.replace(/^refs\/(?:tags|heads)\//, ''))
  throw new SkillshipError(InstallErrorCode.GitFailed, `No ref '${wanted}' in ${url}`, {
    hint:
      known.length === 0
        ? 'The repository has no branches or tags.'
        : `Branches and tags: ${known.slice(0, 30).join(', ')}.`,
    details: { url, ref: wanted },
  })
}

function parseLsRemote(output: string): Map<string, string> {
  const refs = new Map<string, string>()
  for (const line of output.split('\n')) {
    const [commit, name] = line.split('\t')
    if (commit !== undefined && name !== undefined) refs.set(name, commit)
  }
  return refs
}
