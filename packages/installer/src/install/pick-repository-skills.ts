import { basename } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { Sources } from '../source/create-sources.js'
import { formatSourceSpec } from '../source/format-source-spec.js'
import type { SkillSourceSpec } from '../source/skill-source-spec.js'
import type { DiscoveredRepository, DiscoveredSkill } from '../source/source.js'

type GitSpec = Extract<SkillSourceSpec, { kind: 'git' }>

/** The manifest entries picked from a repository, and what `*` left out. */
export interface PickedSkills {
  readonly entries: readonly (readonly [name: string, spec: string])[]
  readonly warnings: readonly string[]
}

/**
 * Picks skills of the repository `spec` names (no `&path=`), each as its own manifest entry
 * `git+<url>#<ref>&path=<folder>` keyed by its SKILL.md name. `picks`: undefined takes the one
 * skill of a single-skill repository and refuses a repository of several with
 * INSTALL_GIT_MULTIPLE_SKILLS listing them (installing dozens of skills into every agent's
 * context should be asked for: `*`); `*` takes every installable skill (the others named in a
 * warning); names (SKILL.md name, or folder name) take those, an unknown one
 * INSTALL_GIT_SKILL_NOT_FOUND. Of several folders with one name, the first found is taken.
 */
export async function pickRepositorySkills(
  spec: GitSpec,
  sources: Sources,
  picks: readonly string[] | undefined,
): Promise<PickedSkills> {
  const repo = await sources.discover(spec)
  if (repo.skills.length === 0) throw notFound(repo, 'holds no skills', [])
  const entryOf = (skill: DiscoveredSkill) =>
    [
      skill.name,
      formatSourceSpec({ ...spec, subpath: skill.path === '.' ? undefined : skill.path }),
    ] as const
  if (picks === undefined) {
    if (repo.skills.length === 1)
      return { entries: [entryOf(repo.skills[0] as DiscoveredSkill)], warnings: [] }
    throw multiple(repo)
  }
  if (picks.includes('*')) {
    const skipped = repo.skills.filter((skill) => skill.error !== undefined)
    const taken = firstOfEachName(repo.skills.filter((skill) => skill.error === undefined))
    if (taken.length === 0) throw notFound(repo, 'holds no installable skill', ['*'])
    const warnings = skipped.map(
      (skill) => `${skill.path} in ${repo.url} is not installable (${skill.error}); left out`,
    )
    return { entries: taken.map(entryOf), warnings }
  }
  const entries = picks.map((pick) => {
    const found =
      repo.skills.find((skill) => skill.error === undefined && skill.name === pick) ??
      repo.skills.find((skill) => basename(skill.path) === pick)
    if (found === undefined) throw notFound(repo, `has no skill '${pick}'`, [pick])
    return entryOf(found)
  })
  return { entries, warnings: [] }
}

function firstOfEachName(skills: readonly DiscoveredSkill[]): DiscoveredSkill[] {
  const seen = new Set<string>()
  return skills.filter((skill) => !seen.has(skill.name) && seen.add(skill.name) !== undefined)
}

const listing = (repo: DiscoveredRepository) =>
  repo.skills.map((skill) => ({ name: skill.name, path: skill.path }))

function multiple(repo: DiscoveredRepository): SkillshipError {
  const names = repo.skills.map((skill) => skill.name)
  return new SkillshipError(
    InstallErrorCode.GitMultipleSkills,
    `${repo.url} holds ${names.length} skills: ${names.slice(0, 50).join(', ')}`,
    {
      hint: `Pick with --skill <name...> (for example --skill ${names[0]}), or --skill '*' for all; --list shows them.`,
      details: { url: repo.url, commit: repo.commit, skills: listing(repo) },
    },
  )
}

function notFound(repo: DiscoveredRepository, what: string, picks: readonly string[]) {
  return new SkillshipError(InstallErrorCode.GitSkillNotFound, `${repo.url} ${what}`, {
    hint:
      repo.skills.length === 0
        ? 'Skills are looked for in SKILL.md, skills/*, .agents/skills/*, .claude/skills/* and plugin manifests; name another folder with #<ref>&path=<dir>.'
        : `Available: ${repo.skills
            .map((skill) => skill.name)
            .slice(0, 50)
            .join(', ')}.`,
    details: { url: repo.url, commit: repo.commit, picks, available: listing(repo) },
  })
}
