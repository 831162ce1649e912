import { basename } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallProgress } from '../install/installer-options.js'
import { type CommitSkill, inspectCommit } from './git-commit-skills.js'
import { fullCommitId, resolveGitRef } from './resolve-git-ref.js'
import { createGitRunner, type GitRunnerOptions } from './run-git.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type {
  DiscoveredRepository,
  DiscoveredSkill,
  FetchedSkill,
  Resolution,
  Source,
} from './source.js'

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
  const force = options.force === true
  const resolved = new Map<string, Resolution>()
  const handoff = new Map<string, FetchedSkill>()
  const step = (url: string, detail: string) =>
    options.onProgress?.({ phase: 'fetch', name: url, done: 0, total: 0, detail, kind: 'step' })

  const commitOf = async (spec: GitSpec): Promise<string> => {
    step(spec.url, `git ls-remote ${spec.ref ?? 'HEAD'}`)
    return (await resolveGitRef(git, spec.url, spec.ref)) ?? spec.ref ?? 'HEAD'
  }
  const inspect = (url: string, commit: string, want: Parameters<typeof inspectCommit>[3]) => {
    step(url, `git fetch ${commit.slice(0, 12)}`)
    return inspectCommit(git, url, commit, want, { force })
  }
  // Keeps what a checkout packed for the resolve and fetch that follow.
  const remember = (spec: GitSpec, commit: string, skill: CommitSkill): Resolution | undefined => {
    if (!('packed' in skill)) return undefined
    const source = { type: 'git', url: spec.url, commit, subpath: skill.subpath } as const
    const resolution: Resolution = {
      name: skill.packed.name,
      version: skill.packed.version,
      source,
      integrity: skill.packed.integrity,
    }
    resolved.set(specKey(spec.url, spec.ref, skill.subpath), resolution)
    handoff.set(lockedKey(source), skill.packed)
    return resolution
  }

  return {
    kind: 'git',
    async resolve(spec) {
      const git = gitSpec(spec)
      const known = resolved.get(specKey(git.url, git.ref, git.subpath))
      if (known !== undefined) return known
      const inspected = await inspect(git.url, await commitOf(git), [git.subpath])
      return remember(git, inspected.commit, inspected.skills[0] as CommitSkill) as Resolution
    },
    async fetch(source: LockedSource): Promise<FetchedSkill> {
      if (source.type !== 'git') throw new Error(`git source given ${source.type}`)
      const handed = handoff.get(lockedKey(source))
      handoff.delete(lockedKey(source))
      if (handed !== undefined) return { tarball: handed.tarball, integrity: handed.integrity }
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
        const wanted = group.filter((s) => !resolved.has(specKey(s.url, s.ref, s.subpath)))
        if (wanted.length < 2) continue
        const first = wanted[0] as GitSpec
        const subpaths = [...new Set(wanted.map((s) => s.subpath))]
        const inspected = await inspect(first.url, await commitOf(first), subpaths)
        for (const skill of inspected.skills) remember(first, inspected.commit, skill)
      }
    },
    async discover(spec) {
      const git = gitSpec(spec)
      const inspected = await inspect(git.url, await commitOf(git), 'discover')
      const skills = inspected.skills.map((skill) => {
        remember(git, inspected.commit, skill)
        return discovered(skill)
      })
      options.onProgress?.({
        phase: 'fetch',
        name: git.url,
        done: 1,
        total: 1,
        detail: `${skills.length} skill${skills.length === 1 ? '' : 's'} found`,
      })
      return { url: git.url, ref: git.ref, commit: inspected.commit, skills }
    },
  } satisfies Source & { discover(spec: SkillSourceSpec): Promise<DiscoveredRepository> }
}

function gitSpec(spec: SkillSourceSpec): GitSpec {
  if (spec.kind !== 'git') throw new Error(`git source given a ${spec.kind} spec`)
  return spec
}

const specKey = (url: string, ref: string | undefined, subpath: string | undefined): string =>
  [url, ref ?? '', subpath ?? ''].join('\n')
const lockedKey = (source: Extract<LockedSource, { type: 'git' }>): string =>
  [source.url, source.commit, source.subpath ?? ''].join('\n')

// Specs of the same repository and ref, which one checkout serves.
function groupByRepository(specs: readonly GitSpec[]): GitSpec[][] {
  const groups = new Map<string, GitSpec[]>()
  for (const spec of specs) {
    const key = specKey(spec.url, spec.ref, undefined)
    groups.set(key, [...(groups.get(key) ?? []), spec])
  }
  return [...groups.values()]
}

function discovered(skill: CommitSkill): DiscoveredSkill {
  const path = skill.subpath ?? '.'
  if ('packed' in skill)
    return {
      name: skill.packed.name,
      description: skill.packed.description,
      path,
      version: skill.packed.version,
    }
  return {
    name: skill.subpath === undefined ? '.' : basename(skill.subpath),
    description: undefined,
    path,
    version: undefined,
    error: skill.error.code,
  }
}
