import type { LockedSkill } from '../lockfile/lockfile-schema.js'
import { parseSourceSpec } from '../source/create-sources.js'
import { fullCommitId, resolveGitRef } from '../source/resolve-git-ref.js'
import { createGitRunner } from '../source/run-git.js'
import type { OutdatedRow } from './outdated-skills.js'

/** Budget of one `git ls-remote` for `outdated`: an unreachable host fails the command, not hangs. */
const lsRemoteTimeoutMs = 30_000

/**
 * The outdated row of a git skill, or undefined when its ref still names the locked commit (or is
 * a commit id). `commits` caches the ls-remote of each repository and ref for one run.
 */
export async function outdatedGitSkill(
  name: string,
  locked: LockedSkill,
  cwd: string,
  commits: Map<string, Promise<string>>,
): Promise<OutdatedRow | undefined> {
  if (locked.source.type !== 'git') return undefined
  const spec = parseSourceSpec(locked.spec, { name, cwd })
  const ref = spec.kind === 'git' ? spec.ref : undefined
  if (ref !== undefined && fullCommitId.test(ref.toLowerCase())) return undefined
  const url = locked.source.url
  const key = `${url}\n${ref ?? ''}`
  let latest = commits.get(key)
  if (latest === undefined) {
    const git = createGitRunner({ timeoutMs: lsRemoteTimeoutMs })
    // undefined: the ref is an abbreviated commit id, which never moves either.
    latest = resolveGitRef(git, url, ref).then((commit) => commit ?? '')
    commits.set(key, latest)
  }
  const latestCommit = await latest
  if (latestCommit === locked.source.commit || !fullCommitId.test(latestCommit)) return undefined
  const short = latestCommit.slice(0, 12)
  return {
    name,
    current: locked.version,
    wanted: short,
    latest: short,
    spec: locked.spec,
    git: { ref: ref ?? 'HEAD', commit: locked.source.commit, latestCommit },
  }
}
