import type { RegistryClientOptions } from '@skillship/registry-client/verdicts'
import { usesProxy } from './uses-proxy.js'

/**
 * How the CLI reaches a registry: its user agent, the token, and behind a proxy the global fetch,
 * which configureProxy pointed at the proxy (honouring NO_PROXY); otherwise node:http directly,
 * which starts faster. The full client (cliRegistryClient) and the no-op frozen install's
 * verdicts request both use these, so they reach a registry the same way.
 */
export function cliRegistryOptions(
  env: Readonly<Record<string, string | undefined>>,
  registry: string,
  token: string | undefined,
): RegistryClientOptions {
  return {
    registry,
    userAgent: 'skillship-cli',
    ...(token ? { token } : {}),
    ...(usesProxy(env) ? { fetch: globalThis.fetch } : {}),
  }
}
