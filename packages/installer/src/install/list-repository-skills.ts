import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallerOptions } from '../project/project.js'
import { createSources, parseSourceSpec } from '../source/create-sources.js'
import { publicGitHosts } from '../source/parse-git-shorthand.js'
import type { DiscoveredRepository } from '../source/source.js'

/**
 * The skills the repository `text` names hold (`skillship add <repo> --list`), from one checkout
 * of its ref. Reads and writes nothing in the project. A spec that is not a repository (a registry
 * name, a folder, an archive, a git spec with `&path=`) is INSTALL_SPEC_INVALID.
 */
export async function listRepositorySkills(
  options: InstallerOptions,
  text: string,
): Promise<DiscoveredRepository> {
  const spec = parseSourceSpec(text, {
    cwd: options.projectRoot,
    gitHosts: options.gitHosts ?? publicGitHosts,
  })
  if (spec.kind !== 'git' || spec.subpath !== undefined)
    throw new SkillshipError(InstallErrorCode.SpecInvalid, `'${text}' names no repository`, {
      hint: '--list shows the skills of a git repository: owner/repo, github:owner/repo, a git URL.',
      details: { spec: text },
    })
  const sources = createSources({
    registry: options.registry,
    clientFor: options.clientFor,
    onProgress: options.onProgress,
  })
  return sources.discover(spec)
}
