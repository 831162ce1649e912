import { createRegistryClient, type RegistryClient } from '@skillship/registry-client/client'
import { cliRegistryOptions } from './cli-registry-options.js'

/** The CLI's registry client, with cliRegistryOptions (user agent, token, proxy). */
export function cliRegistryClient(
  env: Readonly<Record<string, string | undefined>>,
  registry: string,
  token: string | undefined,
): RegistryClient {
  return createRegistryClient(cliRegistryOptions(env, registry, token))
}
