import { SkillshipError } from '@skillship/core/errors'
import type { GitHosts } from '@skillship/installer'
import { CliErrorCode } from '../cli-error-codes.js'
import type { CliConfig } from './cli-config.js'

const defaults: GitHosts = { github: 'https://github.com', gitlab: 'https://gitlab.com' }

/**
 * Where the repository shorthands point: `SKILLSHIP_GITHUB_BASE` / `SKILLSHIP_GITLAB_BASE`, else
 * `gitHosts.github` / `gitHosts.gitlab` of ~/.skillship/config.json, else github.com and
 * gitlab.com. Never read from a project: a cloned project must not choose where `owner/repo`
 * goes. The value is a base URL (`https://git.example.com`, `ssh://git@github.com`,
 * `file:///srv/mirrors`) checked like any git URL when a shorthand is expanded.
 */
export function gitHostsFor(
  env: Readonly<Record<string, string | undefined>>,
  config: CliConfig,
  configFile: string,
): GitHosts {
  const fromConfig = config.gitHosts ?? {}
  const pick = (variable: string, key: keyof GitHosts): string => {
    const set = env[variable]
    if (set !== undefined && set !== '') return set
    const configured: unknown = (fromConfig as Record<string, unknown>)[key]
    if (configured === undefined) return defaults[key]
    if (typeof configured === 'string' && configured !== '') return configured
    throw new SkillshipError(
      CliErrorCode.ConfigInvalid,
      `gitHosts.${key} in ${configFile} is not a URL string`,
      {
        hint: 'Set it to a base URL such as "https://github.com", or remove it.',
        path: configFile,
      },
    )
  }
  return {
    github: pick('SKILLSHIP_GITHUB_BASE', 'github'),
    gitlab: pick('SKILLSHIP_GITLAB_BASE', 'gitlab'),
  }
}
