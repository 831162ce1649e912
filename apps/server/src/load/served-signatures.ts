import type { ServedSignatures, VersionDocument } from '@skillship/registry-client'

/**
 * What a load answer and MCP results say about a version's signatures (wire
 * `servedSignaturesSchema`): the version document's `signatures` and the audit verdict the
 * registry signature covers; undefined for a version that carries no signatures.
 */
export function servedSignaturesOf(
  version: Pick<VersionDocument, 'signatures' | 'audit'>,
): ServedSignatures | undefined {
  const { signatures, audit } = version
  if (signatures === undefined) return undefined
  return {
    ...(signatures.publisher === undefined ? {} : { publisher: signatures.publisher }),
    registry: signatures.registry,
    audit: audit === undefined ? null : { verdict: audit.verdict, rulePack: audit.rulePack },
  }
}

const keys = new WeakMap<object, string>()

/**
 * The content cache's key of a version as its document states it now: `name@version` and a stamp
 * of what a re-audit, a backfill or a revocation changes in the rendered answer (the first
 * registry signature, the revoked flag, the verdict). Versions are immutable otherwise, so an
 * entry under a key is always right. Memoised per document object (documents are rendered anew
 * on every change), as the fast path computes it on every request.
 */
export function contentKey(
  version: Pick<VersionDocument, 'name' | 'version' | 'signatures' | 'audit'>,
): string {
  const known = keys.get(version)
  if (known !== undefined) return known
  const { signatures, audit } = version
  const sig = signatures?.registry[0]?.sig.slice(0, 16) ?? ''
  const revoked = signatures?.publisher?.revoked === true ? 'r' : ''
  const verdict = audit === undefined ? '' : `${audit.verdict}:${audit.rulePack}`
  const key = `${version.name}@${version.version}#${sig}${revoked}#${verdict}`
  keys.set(version, key)
  return key
}
