import { SkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'

/** Query parameters of a request; undefined values are left out. */
export type RegistryQuery = Readonly<Record<string, string | number | undefined>>

/**
 * The absolute URL of `path` (a `routes` path, starting with `/`) under the registry base URL,
 * keeping the base's path prefix. Throws REGISTRY_BAD_REQUEST when a name, version or tag is a
 * dot segment (`..`, `%2e`): URL parsing would collapse it and address another route.
 */
export function buildRegistryUrl(base: URL, path: string, query: RegistryQuery = {}): URL {
  const wanted = `${base.pathname.replace(/\/+$/, '')}${path}`
  const url = new URL(base.href)
  url.pathname = wanted
  if (url.pathname !== wanted) {
    throw new SkillshipError(RegistryErrorCode.BadRequest, `Refusing the request path ${path}`, {
      hint: 'Skill names, versions, tags and token ids cannot be "." or "..".',
    })
  }
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  return url
}
