import { SkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'

/**
 * Parses the registry base URL. It must be absolute `http:` or `https:` and carry no credentials
 * (the token goes in its own option, so it never lands in logs of URLs). A path prefix is kept:
 * `https://host/registry` and `https://host/registry/` both serve routes under `/registry/`.
 * Throws REGISTRY_CONFIG_INVALID otherwise.
 */
export function parseRegistryUrl(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new SkillshipError(RegistryErrorCode.ConfigInvalid, `Invalid registry URL '${text}'`, {
      hint: 'Use an absolute http:// or https:// URL, e.g. https://registry.example.com/.',
    })
  }
  if (url.username !== '' || url.password !== '') {
    // The message names only the host: the URL itself holds a secret.
    throw new SkillshipError(
      RegistryErrorCode.ConfigInvalid,
      `The registry URL for ${url.host} contains credentials`,
      { hint: 'Remove user:password from the URL and pass the token option instead.' },
    )
  }
  url.search = ''
  url.hash = ''
  return url
}
