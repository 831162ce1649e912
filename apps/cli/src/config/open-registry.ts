import { SkillshipError } from '@skillship/core/errors'
import { type RegistryClient, RegistryErrorCode } from '@skillship/registry-client'
import type { CliIo } from '../command.js'
import { cliRegistryClient } from '../network/cli-registry-client.js'
import { type RegistryTarget, resolveRegistryTarget } from './registry-target.js'

/**
 * A client for the registry a command targets (see resolveRegistryTarget). With `needsToken`,
 * refuses with REGISTRY_NOT_LOGGED_IN before sending anything when no token is configured.
 */
export async function openRegistry(
  io: CliIo,
  registryFlag: string | undefined,
  options: { readonly needsToken?: boolean } = {},
): Promise<{ client: RegistryClient; target: RegistryTarget }> {
  const target = await resolveRegistryTarget(io, registryFlag)
  if (options.needsToken === true && target.token === undefined) {
    throw new SkillshipError(RegistryErrorCode.NotLoggedIn, `No token for ${target.registry}`, {
      hint: `Run \`skillship login --registry ${target.registry} --token <token>\`, or set SKILLSHIP_TOKEN.`,
    })
  }
  const client = cliRegistryClient(io.env, target.registry, target.token)
  return { client, target }
}
