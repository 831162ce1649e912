import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { type DetectedAgent, detectAgents } from '../link/agent-skill-dirs.js'
import { agentIds, findAgent } from '../link/agents-table.js'
import type { Manifest } from '../manifest/manifest-schema.js'
import type { Sources } from '../source/create-sources.js'
import { parseSourceSpec } from '../source/parse-source-spec.js'
import type { SkillSourceSpec } from '../source/skill-source-spec.js'
import type { InstallRequest, InstallResult } from './install-request.js'
import type { InstallerOptions } from './installer-options.js'
import { runInstall } from './run-install.js'

/** What `skillship add` was given. */
export interface AddRequest
  extends Pick<InstallRequest, 'copy' | 'force' | 'skipRuntimes' | 'allowRoot'> {
  readonly specs: readonly string[]
  /** Agents to add to skillship.json (validated against the agents table; `*` is every agent). */
  readonly agents?: readonly string[]
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
      return { ...base, agents, skills: await addedSkills(request.specs, base, sources, options) }
    },
  })
  return detected === undefined ? result : { ...result, detectedAgents: detected }
}

// The manifest's skills with the specs added. Every registry document is read first in one
// request (the install that follows reuses it through the same `sources`).
async function addedSkills(
  texts: readonly string[],
  base: Manifest,
  sources: Sources,
  options: InstallerOptions,
): Promise<Record<string, string>> {
  const specs = texts.map((text) => parseSourceSpec(text, { cwd: options.projectRoot }))
  await sources.prefetch(specs)
  const skills: Record<string, string> = { ...base.skills }
  for (const [index, spec] of specs.entries()) {
    const [name, entry] = await manifestEntry(spec, texts[index] as string, sources)
    skills[name] = entry
  }
  return skills
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
  return [resolved.name, text]
}
