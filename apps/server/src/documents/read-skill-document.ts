import { RegistryErrorCode } from '@skillship/registry-client'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { Principal } from '../app/registry-env.js'
import { canRead } from '../auth/access.js'
import { registryError } from '../http/registry-error.js'
import { loadSkillDocument, type RenderedDocument } from './load-skill-document.js'
import type { SkillDocumentCache } from './skill-document-cache.js'

/**
 * The rendered document of a skill the caller may read, through the cache. With embedded storage
 * this process sees every write, so a cached entry is used as is; with shared storage (several
 * replicas) a cached entry is used only while the skill's `updatedAt` is unchanged. A missing
 * skill and a private one the caller may not read are the same 404, so private names do not leak.
 */
export async function readSkillDocument(
  deps: RegistryDeps,
  cache: SkillDocumentCache,
  principal: Principal,
  name: string,
): Promise<RenderedDocument> {
  const cached = cache.get(name)
  if (cached && !deps.sharedStorage) return allowed(principal, cached, name)
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
  cache.set(name, rendered)
  return rendered
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
