import { basename } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallProgress } from '../project/project.js'
import { type CommitSkill, inspectCommit } from './git-commit-skills.js'
import { createGitResolutionCache, repositoryKey } from './git-resolution-cache.js'
import { fullCommitId, resolveGitRef } from './resolve-git-ref.js'
import { createGitRunner, type GitRunnerOptions } from './run-git.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { DiscoveredRepository, DiscoveredSkill, FetchedSkill, Source } from './source.js'

type GitSpec = Extract<SkillSourceSpec, { kind: 'git' }>

export interface GitSourceOptions extends GitRunnerOptions {
  readonly force?: boolean
  /** One `step` per git command of note (ls-remote, fetch), for progress display. */
  readonly onProgress?: (progress: InstallProgress) => void
}

/**
 * Skills in git repositories, through the `git` binary (see `createGitRunner`). resolve turns the
 * ref into a full commit (`git ls-remote`), checks that commit out into a temp folder (shallow when
 * the server allows), takes `subpath` (INSTALL_SPEC_INVALID when missing or leaving the checkout),
 * refuses an invalid skill (INSTALL_INVALID_SKILL) and packs it with core, so one commit always
 * gives the same integrity. A skill without `metadata.version` gets the commit's pseudo-version
 * (gitPseudoVersion). discover and prefetch check a commit out once for several folders; what
 * they packed answers the following resolve of the same URL, ref and folder, and the packed
 * bytes are handed to the next fetch of the same commit once (later fetches check out again).
 * git failures (unknown ref, unreachable repository) are INSTALL_GIT_FAILED. Temp folders are
 * always removed.
 */
export function createGitSource(options: GitSourceOptions = {}): Source {
  const git = createGitRunner(options)
  const cache = createGitResolutionCache()
  const step = (url: string, detail: string) =>
    options.onProgress?.({ phase: 'fetch', name: url, done: 0, total: 0, detail, kind: 'step' })
  const commitOf = async (spec: GitSpec): Promise<string> => {
    step(spec.url, `git ls-remote ${spec.ref ?? 'HEAD'}`)
    return (await resolveGitRef(git, spec.url, spec.ref)) ?? spec.ref ?? 'HEAD'
  }
  const inspect = (url: string, commit: string, want: Parameters<typeof inspectCommit>[3]) => {
    step(url, `git fetch ${commit.slice(0, 12)}`)
    return inspectCommit(git, url, commit, want, { force: options.force === true })
  }
  return {
    kind: 'git',
    async resolve(spec) {
      const wanted = gitSpec(spec)
      const known = cache.known(wanted)
      if (known !== undefined) return known
      const inspected = await inspect(wanted.url, await commitOf(wanted), [wanted.subpath])
      const skill = inspected.skills[0] as CommitSkill
      const resolution = cache.remember(wanted, inspected.commit, skill)
      if (resolution === undefined)
        throw new Error('inspectCommit packs each named folder or throws')
      return resolution
    },
    async fetch(source: LockedSource): Promise<FetchedSkill> {
      if (source.type !== 'git') throw new Error(`git source given ${source.type}`)
      const handed = cache.take(source)
      if (handed !== undefined) return handed
      if (!fullCommitId.test(source.commit))
        throw new SkillshipError(
          InstallErrorCode.GitFailed,
          `'${source.commit}' is not a full commit id`,
          { hint: 'The lockfile pins git sources by full commit; run install to re-resolve.' },
        )
      const inspected = await inspect(source.url, source.commit, [source.subpath])
      const skill = inspected.skills[0] as Extract<CommitSkill, { packed: unknown }>
      return { tarball: skill.packed.tarball, integrity: skill.packed.integrity }
    },
    async prefetch(specs) {
      for (const group of groupByRepository(specs.map(gitSpec))) {
        const wanted = group.filter((spec) => cache.known(spec) === undefined)
        const first = wanted[0]
        if (first === undefined || wanted.length < 2) continue
        const subpaths = [...new Set(wanted.map((spec) => spec.subpath))]
        const inspected = await inspect(first.url, await commitOf(first), subpaths)
        for (const skill of inspected.skills) cache.remember(first, inspected.commit, skill)
      }
    },
    async discover(spec): Promise<DiscoveredRepository> {
      const wanted = gitSpec(spec)
      const inspected = await inspect(wanted.url, await commitOf(wanted), 'discover')
      for (const skill of inspected.skills) cache.remember(wanted, inspected.commit, skill)
      const skills = inspected.skills.map(discovered)
      const count = `${skills.length} skill${skills.length === 1 ? '' : 's'} found`
      options.onProgress?.({ phase: 'fetch', name: wanted.url, done: 1, total: 1, detail: count })
      return { url: wanted.url, ref: wanted.ref, commit: inspected.commit, skills }
    },
  }
}

function gitSpec(spec: SkillSourceSpec): GitSpec {
  if (spec.kind !== 'git') throw new Error(`git source given a ${spec.kind} spec`)
  return spec
}

// Specs of the same repository and ref, which one checkout serves.
function groupByRepository(specs: readonly GitSpec[]): GitSpec[][] {
  const groups = new Map<string, GitSpec[]>()
  for (const spec of specs)
    groups.set(repositoryKey(spec), [...(groups.get(repositoryKey(spec)) ?? []), spec])
  return [...groups.values()]
}

function discovered(skill: CommitSkill): DiscoveredSkill {
  const path = skill.subpath ?? '.'
  if ('packed' in skill) {
    const { name, description, version } = skill.packed
    return { name, description, path, version }
  }
  const name = skill.subpath === undefined ? '.' : basename(skill.subpath)
  return { name, description: undefined, path, version: undefined, error: skill.error.code }
}
