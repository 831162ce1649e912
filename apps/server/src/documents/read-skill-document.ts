import { isSkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { Principal } from '../app/registry-env.js'
import { canRead } from '../auth/access.js'
import { registryError } from '../http/registry-error.js'
import { loadSkillDocument, type RenderedDocument } from './load-skill-document.js'
import type { SkillDocumentCache } from './skill-document-cache.js'

/** What reading a document needs of the registry's dependencies. */
export type DocumentDeps = Pick<RegistryDeps, 'metadata' | 'sharedStorage' | 'invalidation'>

/**
 * True when a cached document can be served without asking storage: with embedded storage this
 * process sees every write (and the bus drops entries another process's write made stale); with shared storage (replicas) while the invalidation bus is live, as
 * every replica's writes then reach this cache. `cache` must be subscribed to `deps.invalidation`
 * (createServingCaches does that).
 */
export function documentCacheIsExact(
  deps: Pick<DocumentDeps, 'sharedStorage' | 'invalidation'>,
): boolean {
  // isLive() first: on embedded storage it drops what another process's write made stale.
  return deps.invalidation.isLive() || !deps.sharedStorage
}

/**
 * The rendered document of a skill the caller may read, through the cache. An exact cache (see
 * documentCacheIsExact) answers a hit as is; otherwise a cached entry is used only while the
 * skill's `updatedAt` is unchanged (one indexed query instead of three plus rendering). A missing
 * skill and a private one the caller may not read are the same 404, so private names do not leak.
 */
export async function readSkillDocument(
  deps: DocumentDeps,
  cache: SkillDocumentCache,
  principal: Principal,
  name: string,
): Promise<RenderedDocument> {
  const exact = documentCacheIsExact(deps)
  const cached = cache.get(name)
  if (cached && exact) return allowed(principal, cached, name)
  const stamp = cache.stamp()
  const skill = await deps.metadata.getSkill(name)
  if (!skill || !canRead(principal, skill)) throw notFound(name)
  if (
    cached &&
    cached.skill.updatedAt.getTime() === skill.updatedAt.getTime() &&
    cached.skill.private === skill.private
  ) {
    return cached
  }
  const rendered = await loadSkillDocument(deps.metadata, skill)
  cache.set(name, rendered, stamp)
  return rendered
}

/**
 * readSkillDocument, or undefined where it would answer 404 (an unknown skill, or one the caller
 * may not read): what the batched routes list as `missing`.
 */
export async function readSkillDocumentIfReadable(
  deps: DocumentDeps,
  cache: SkillDocumentCache,
  principal: Principal,
  name: string,
): Promise<RenderedDocument | undefined> {
  try {
    return await readSkillDocument(deps, cache, principal, name)
  } catch (error) {
    if (isSkillshipError(error) && error.code === RegistryErrorCode.NotFound) return undefined
    throw error
  }
}

function allowed(principal: Principal, document: RenderedDocument, name: string): RenderedDocument {
  if (!canRead(principal, document.skill)) throw notFound(name)
  return document
}

/** The one answer for "no such skill" and "not yours to see". */
export function notFound(name: string) {
  return registryError(RegistryErrorCode.NotFound, `Skill '${name}' not found`, {
    hint: 'Check the name; private skills need a token with a read scope.',
  })
}
