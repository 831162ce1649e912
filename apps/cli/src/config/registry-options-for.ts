import type { RegistryClientOptions } from '@skillship/registry-client/verdicts'
import type { CliIo } from '../command.js'
import { cliRegistryOptions } from '../network/cli-registry-options.js'
import type { CliConfig } from './cli-config.js'

/**
 * The client options for each registry URL an install meets: SKILLSHIP_TOKEN, else the token
 * `skillship login` stored for that URL (config.tokens), with cliRegistryOptions.
 */
export function registryOptionsFor(
  io: CliIo,
  config: CliConfig,
): (registry: string) => RegistryClientOptions {
  const envToken = io.env['SKILLSHIP_TOKEN']
  return (registry) => {
    const token = envToken || config.tokens?.[registry.replace(/\/+$/, '')]
    return cliRegistryOptions(io.env, registry, token)
  }
}
