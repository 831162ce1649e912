import type { PublisherKeyDocument } from '@skillship/registry-client'
import type { PublisherKeyRecord } from '../storage/metadata-store.js'

/** The wire form of a publisher key. */
export function toPublisherKeyDocument(record: PublisherKeyRecord): PublisherKeyDocument {
  return {
    keyId: record.keyId,
    publicKey: record.publicKey,
    owner: record.owner,
    scopes: [...record.scopes],
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt === null ? null : record.revokedAt.toISOString(),
  }
}
