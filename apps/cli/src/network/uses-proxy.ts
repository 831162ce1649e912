/** The variables that route the CLI's registry traffic through a proxy (upper and lower case). */
export const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const

/** True when a proxy variable is set (non-empty). */
export function usesProxy(env: Readonly<Record<string, string | undefined>>): boolean {
  return proxyVariables.some((name) => (env[name] ?? '') !== '')
}
