import semver from 'semver'
import type { SkillDocument, VersionDocument } from '../wire/documents.js'

/**
 * Picks the version a spec means: a dist-tag (`latest`, `beta`), an exact version (yanked ones
 * included, so existing lockfiles keep working), or a semver range (the highest matching version
 * that is neither yanked nor blocked by the registry's audit). Returns undefined when nothing
 * matches. A tag or exact version may name a blocked version: callers that serve or install
 * content check `audit.verdict` themselves (see `isAuditBlocked`).
 */
export function resolveVersion(document: SkillDocument, spec: string): VersionDocument | undefined {
  const tagged = document.distTags[spec]
  if (tagged !== undefined) return document.versions[tagged]
  const exact = document.versions[spec]
  if (exact !== undefined) return exact
  const range = semver.validRange(spec)
  if (range === null) return undefined
  const candidates = Object.values(document.versions)
    .filter((v) => !v.yanked && !isAuditBlocked(v))
    .map((v) => v.version)
  const best = semver.maxSatisfying(candidates, range)
  return best === null ? undefined : document.versions[best]
}

/** True when `tag` can name a dist-tag: not empty, not a version or range, URL-safe. */
export function isValidTag(tag: string): boolean {
  return /^[a-z][a-z0-9._-]{0,63}$/i.test(tag) && semver.validRange(tag) === null
}

/** True when the registry's stored audit verdict of `version` is `block` (withheld like a yank). */
export function isAuditBlocked(version: Pick<VersionDocument, 'audit'>): boolean {
  return version.audit?.verdict === 'block'
}
