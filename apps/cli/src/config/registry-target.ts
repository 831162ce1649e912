import { SkillshipError } from '@skillship/core/errors'
import { CliErrorCode } from '../cli-error-codes.js'
import type { CliIo } from '../command.js'
import { type CliConfig, configPath, readCliConfig } from './cli-config.js'

/** The registry a command talks to and the token to use with it. */
export interface RegistryTarget {
  readonly registry: string
  readonly token: string | undefined
}

export const defaultRegistry = 'http://127.0.0.1:7464'

/**
 * Picks the registry: `--registry`, else SKILLSHIP_REGISTRY, else the config's default, else the
 * local server. The token: SKILLSHIP_TOKEN, else the one `skillship login` stored for that registry.
 * Pass `loaded` when the caller already read the config.
 */
export async function resolveRegistryTarget(
  io: CliIo,
  flag: string | undefined,
  loaded?: CliConfig,
): Promise<RegistryTarget> {
  const config = loaded ?? (await readCliConfig(configPath(io.env, io.home)))
  const registry = normalizeRegistryUrl(
    flag ?? nonEmpty(io.env['SKILLSHIP_REGISTRY']) ?? config.registry ?? defaultRegistry,
  )
  const token = nonEmpty(io.env['SKILLSHIP_TOKEN']) ?? config.tokens?.[registry]
  return { registry, token }
}

/** A registry URL without a trailing slash; anything but http(s) is CLI_USAGE. */
export function normalizeRegistryUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw new SkillshipError(CliErrorCode.Usage, `'${raw}' is not a registry URL`, {
      hint: 'Use e.g. http://127.0.0.1:7464',
      cause: error,
    })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SkillshipError(CliErrorCode.Usage, `'${raw}' is not an http(s) URL`, {
      hint: 'Use e.g. https://skills.example.com',
    })
  }
  return url.href.replace(/\/+$/, '')
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
