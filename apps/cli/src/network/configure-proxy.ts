import { usesProxy } from './uses-proxy.js'

/**
 * Makes the global fetch honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lowercase forms),
 * which Node 20's fetch ignores on its own. A no-op when no proxy variable is set, so the common
 * case loads nothing. Returns whether a proxy dispatcher was installed.
 */
export async function configureProxy(
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  if (!usesProxy(env)) return false
  const { EnvHttpProxyAgent, setGlobalDispatcher } = await import('undici')
  const httpProxy = env['HTTP_PROXY'] ?? env['http_proxy']
  const httpsProxy = env['HTTPS_PROXY'] ?? env['https_proxy']
  const noProxy = env['NO_PROXY'] ?? env['no_proxy']
  setGlobalDispatcher(
    new EnvHttpProxyAgent({
      ...(httpProxy === undefined ? {} : { httpProxy }),
      ...(httpsProxy === undefined ? {} : { httpsProxy }),
      ...(noProxy === undefined ? {} : { noProxy }),
    }),
  )
  return true
}
