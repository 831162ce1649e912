import { routes, signatureRoutes, type VersionDocument } from '@skillship/registry-client'
import type { VersionRecord } from '../storage/metadata-store.js'

/** The wire form of a stored version. */
export function toVersionDocument(record: VersionRecord): VersionDocument {
  return {
    name: record.name,
    version: record.version,
    description: record.description,
    frontmatter: record.frontmatter,
    dist: {
      tarball: routes.tarball(record.name, record.version),
      integrity: record.integrity,
      size: record.size,
      unpackedSize: record.unpackedSize,
      fileCount: record.files.length,
    },
    files: record.files,
    publishedAt: record.publishedAt.toISOString(),
    publisher: record.publisher,
    ...(record.deprecated === null ? {} : { deprecated: record.deprecated }),
    yanked: record.yanked,
    ...(record.audit === null
      ? {}
      : {
          audit: {
            verdict: record.audit.verdict,
            rulePack: record.audit.rulePack,
            findings: { ...record.audit.findings },
            incomplete: record.audit.incomplete,
            auditedAt: record.audit.auditedAt.toISOString(),
          },
        }),
    ...signaturesOf(record),
  }
}

// Versions published before signing carry no `signatures` at all.
function signaturesOf(record: VersionRecord): Pick<VersionDocument, 'signatures'> {
  const { publisherSignature, registrySignatures } = record
  if (publisherSignature === null && registrySignatures.length === 0) return {}
  return {
    signatures: {
      ...(publisherSignature === null
        ? {}
        : {
            publisher: {
              keyId: publisherSignature.keyId,
              bundle: signatureRoutes.bundle(record.name, record.version),
              revoked: publisherSignature.revoked,
            },
          }),
      registry: [...registrySignatures],
    },
  }
}
