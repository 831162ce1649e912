import { RegistryErrorCode, resolveVersion } from '@skillship/registry-client'
import type { RenderedDocument } from '../documents/load-skill-document.js'
import { registryError } from '../http/registry-error.js'
import { refuseBlocked } from './refuse-blocked.js'
import type { LoadRequest } from './skill-loader.js'

// Distinct ranges a client can invent are unbounded; past this many per document the memo restarts.
const maxResolutionsPerDocument = 64

/**
 * The version `request` resolves to in `rendered`: its `tag` (a dist-tag only), else its `range`
 * (dist-tag, exact version even when yanked, or the highest match neither yanked nor blocked by
 * the audit; default `latest`), memoised per document object in `memo`.
 * REGISTRY_NO_MATCHING_VERSION when nothing matches; REGISTRY_VERSION_BLOCKED (never memoised)
 * when a tag or exact version names a version the registry's audit blocks.
 */
export function resolveLoadVersion(
  rendered: RenderedDocument,
  request: Pick<LoadRequest, 'name' | 'range' | 'tag'>,
  memo: WeakMap<RenderedDocument, Map<string, string>>,
): string {
  const key = resolutionKey(request)
  let known = memo.get(rendered)
  const hit = known?.get(key)
  if (hit !== undefined) return hit
  const { document } = rendered
  const resolved =
    request.tag === undefined
      ? resolveVersion(document, request.range ?? 'latest')?.version
      : document.distTags[request.tag]
  if (resolved === undefined) {
    const wanted =
      request.tag === undefined ? `'${request.range ?? 'latest'}'` : `tag '${request.tag}'`
    throw registryError(
      RegistryErrorCode.NoMatchingVersion,
      `No version of ${request.name} matches ${wanted}`,
      { hint: `Published: ${Object.keys(document.versions).join(', ') || 'none'}.` },
    )
  }
  refuseBlocked(request.name, resolved, document.versions[resolved]?.audit)
  if (known === undefined || known.size >= maxResolutionsPerDocument) {
    known = new Map()
    memo.set(rendered, known)
  }
  known.set(key, resolved)
  return resolved
}

/** The memo key of a request's selector; `resolutionKey({})` is the default (`latest`). */
export function resolutionKey(request: Pick<LoadRequest, 'range' | 'tag'>): string {
  return request.tag === undefined ? `range:${request.range ?? 'latest'}` : `tag:${request.tag}`
}
