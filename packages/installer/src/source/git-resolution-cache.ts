import type { CommitSkill } from './git-commit-skills.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { FetchedSkill, Resolution } from './source.js'

type GitSpec = Extract<SkillSourceSpec, { kind: 'git' }>
type GitLocked = Extract<LockedSource, { type: 'git' }>

/**
 * What one git source instance packed from its checkouts: the resolution of each spec (URL, ref
 * as typed, folder), answering later resolves of it, and the packed bytes of each locked source,
 * handed to the next fetch of it once.
 */
export interface GitResolutionCache {
  known(spec: GitSpec): Resolution | undefined
  /** Keeps a packed skill of `commit` (found for `spec`'s URL and ref); undefined for a failed one. */
  remember(spec: GitSpec, commit: string, skill: CommitSkill): Resolution | undefined
  take(source: GitLocked): FetchedSkill | undefined
}

export function createGitResolutionCache(): GitResolutionCache {
  const resolved = new Map<string, Resolution>()
  const handoff = new Map<string, FetchedSkill>()
  return {
    known: (spec) => resolved.get(specKey(spec.url, spec.ref, spec.subpath)),
    remember(spec, commit, skill) {
      if (!('packed' in skill)) return undefined
      const source = { type: 'git', url: spec.url, commit, subpath: skill.subpath } as const
      const { name, version, integrity, tarball } = skill.packed
      const resolution: Resolution = { name, version, source, integrity }
      resolved.set(specKey(spec.url, spec.ref, skill.subpath), resolution)
      handoff.set(lockedKey(source), { tarball, integrity })
      return resolution
    },
    take(source) {
      const handed = handoff.get(lockedKey(source))
      handoff.delete(lockedKey(source))
      return handed
    },
  }
}

/** The key of specs one checkout serves together: same URL and ref. */
export const repositoryKey = (spec: GitSpec): string => specKey(spec.url, spec.ref, undefined)

const specKey = (url: string, ref: string | undefined, subpath: string | undefined): string =>
  [url, ref ?? '', subpath ?? ''].join('\n')
const lockedKey = (source: GitLocked): string =>
  [source.url, source.commit, source.subpath ?? ''].join('\n')
