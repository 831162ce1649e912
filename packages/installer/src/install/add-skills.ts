import { resolve } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { agentIds, type DetectedAgent, detectAgents, findAgent } from '../link/agents.js'
import type { Manifest } from '../manifest/manifest.js'
import type { InstallerOptions } from '../project/project.js'
import { pathExists } from '../shared/helpers.js'
import type { Sources } from '../source/create-sources.js'
import { parseSourceSpec } from '../source/create-sources.js'
import { formatSourceSpec } from '../source/format-source-spec.js'
import { isBareGitShorthand, publicGitHosts } from '../source/parse-git-shorthand.js'
import type { SkillSourceSpec } from '../source/skill-source-spec.js'
import type { InstallRequest, InstallResult } from './install-request.js'
import { pickRepositorySkills } from './pick-repository-skills.js'
import { runInstall } from './run-install.js'

/** What `skillship add` was given. */
export interface AddRequest
  extends Pick<InstallRequest, 'copy' | 'force' | 'skipRuntimes' | 'allowRoot'> {
  readonly specs: readonly string[]
  /** Agents to add to skillship.json (validated against the agents table; `*` is every agent). */
  readonly agents?: readonly string[]
  /**
   * Skills to pick from the repositories among `specs` (by name; `*` is all of them). Without it a
   * repository holding several skills is refused (see pickRepositorySkills).
   */
  readonly skills?: readonly string[]
}

/**
 * Adds skills to skillship.json and installs. A registry spec without a range (`pdf`) is written as
 * `^<latest version>`, like npm; other specs are written as given, under the name their SKILL.md
 * declares. skillship.json is created when missing, with the given agents, else the agents found in
 * use in the project or home folder (detectAgents), else Qoder; it records them, so
 * `install --frozen` serves the same folders on every machine.
 */
export async function addSkills(
  options: InstallerOptions,
  request: AddRequest,
): Promise<InstallResult> {
  const wanted = request.agents?.includes('*') ? agentIds : request.agents
  for (const agent of wanted ?? []) findAgent(agent)
  let detected: DetectedAgent[] | undefined
  const warnings: string[] = []
  if (request.specs.length === 0)
    throw new SkillshipError(InstallErrorCode.SpecInvalid, 'Nothing to add', {
      hint: 'Name at least one skill spec.',
    })
  const result = await runInstall(options, {
    ...(request.copy === undefined ? {} : { copy: request.copy }),
    ...(request.force === undefined ? {} : { force: request.force }),
    ...(request.skipRuntimes === undefined ? {} : { skipRuntimes: request.skipRuntimes }),
    ...(request.allowRoot === undefined ? {} : { allowRoot: request.allowRoot }),
    editManifest: async (current, sources) => {
      if (current === undefined && !wanted?.length) detected = detectAgents(options)
      const initial = wanted?.length ? [...wanted] : detected?.map((agent) => agent.id)
      const base: Manifest = current ?? {
        agents: initial?.length ? initial : ['qoder'],
        skills: {},
      }
      const agents = [...new Set([...base.agents, ...(wanted ?? [])])]
      const added = await addedSkills(request, base, sources, options)
      warnings.push(...added.warnings)
      return { ...base, agents, skills: added.skills }
    },
  })
  const withWarnings = { ...result, warnings: [...warnings, ...result.warnings] }
  return detected === undefined ? withWarnings : { ...withWarnings, detectedAgents: detected }
}

// The manifest's skills with the specs added. Every registry document is read first in one
// request (the install that follows reuses it through the same `sources`); a repository's skills
// are picked from one checkout.
async function addedSkills(
  request: AddRequest,
  base: Manifest,
  sources: Sources,
  options: InstallerOptions,
): Promise<{ skills: Record<string, string>; warnings: string[] }> {
  const specs: SkillSourceSpec[] = []
  for (const text of request.specs) specs.push(await parseTypedSpec(text, options))
  const repositories = specs.filter((spec) => spec.kind === 'git' && spec.subpath === undefined)
  if (request.skills !== undefined && repositories.length === 0)
    throw new SkillshipError(InstallErrorCode.SpecInvalid, '--skill picks skills of a repository', {
      hint: 'Name a git repository (owner/repo, a git URL) without #...&path=, or drop --skill.',
    })
  await sources.prefetch(specs.filter((spec) => spec.kind !== 'git'))
  const skills: Record<string, string> = { ...base.skills }
  const warnings: string[] = []
  for (const [index, spec] of specs.entries()) {
    if (spec.kind === 'git' && spec.subpath === undefined) {
      const picked = await pickRepositorySkills(spec, sources, request.skills)
      for (const [name, entry] of picked.entries) skills[name] = entry
      warnings.push(...picked.warnings)
      continue
    }
    const [name, entry] = await manifestEntry(spec, request.specs[index] as string, sources)
    skills[name] = entry
  }
  return { skills, warnings }
}

/**
 * A spec as typed on the command line: the repository shorthands are read against the user's
 * hosts. A bare `owner/repo` that is also a folder here is INSTALL_SPEC_AMBIGUOUS: `./owner/repo`
 * is the folder, `github:owner/repo` the repository.
 */
async function parseTypedSpec(text: string, options: InstallerOptions): Promise<SkillSourceSpec> {
  const head = text.trim().split('#', 1)[0] ?? ''
  if (isBareGitShorthand(text.trim()) && (await pathExists(resolve(options.projectRoot, head))))
    throw new SkillshipError(
      InstallErrorCode.SpecAmbiguous,
      `'${text}' is both a folder here and a repository shorthand`,
      {
        hint: `Write ./${head} for the folder, or github:${head} for the repository.`,
        details: { spec: text },
      },
    )
  return parseSourceSpec(text, {
    cwd: options.projectRoot,
    gitHosts: options.gitHosts ?? publicGitHosts,
  })
}

async function manifestEntry(
  spec: SkillSourceSpec,
  text: string,
  sources: Sources,
): Promise<[string, string]> {
  if (spec.kind === 'registry') {
    if (spec.range !== 'latest') return [spec.name, spec.range]
    const resolved = await sources.forSpec(spec).resolve(spec)
    return [spec.name, `^${resolved.version}`]
  }
  const resolved = await sources.forSpec(spec).resolve(spec)
  // A shorthand is written as the git URL it stands for: skillship.json means the same everywhere.
  const written =
    spec.kind === 'git' && !text.trim().startsWith('git+') ? formatSourceSpec(spec) : text
  return [resolved.name, written]
}
