import { createRegistryClient, type RegistryClient } from '@skillship/registry-client/client'
import { usesProxy } from './uses-proxy.js'

/**
 * The CLI's registry client. Behind a proxy it sends through the global fetch, which
 * configureProxy pointed at the proxy (honouring NO_PROXY); otherwise through node:http directly,
 * which starts faster.
 */
export function cliRegistryClient(
  env: Readonly<Record<string, string | undefined>>,
  registry: string,
  token: string | undefined,
): RegistryClient {
  return createRegistryClient({
    registry,
    userAgent: 'skillship-cli',
    ...(token ? { token } : {}),
    ...(usesProxy(env) ? { fetch: globalThis.fetch } : {}),
  })
}
