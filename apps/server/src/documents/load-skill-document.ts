import { createHash } from 'node:crypto'
import type { SkillDocument, VersionDocument } from '@skillship/registry-client'
import type { MetadataStore, SkillRecord } from '../storage/metadata-store.js'
import { toVersionDocument } from './to-version-document.js'

/** A skill document ready to send: its JSON bytes and a strong ETag over them. */
export interface RenderedDocument {
  readonly skill: SkillRecord
  readonly document: SkillDocument
  /** UTF-8 JSON, encoded once so each response sends bytes as they are. */
  readonly body: Uint8Array<ArrayBuffer>
  readonly etag: string
}

/** Reads a skill's versions and tags and renders its document (the caller checked access). */
export async function loadSkillDocument(
  metadata: MetadataStore,
  skill: SkillRecord,
): Promise<RenderedDocument> {
  const [versions, distTags] = await Promise.all([
    metadata.listVersions(skill.name),
    metadata.getDistTags(skill.name),
  ])
  const documents: Record<string, VersionDocument> = {}
  for (const version of versions) documents[version.version] = toVersionDocument(version)
  const document: SkillDocument = {
    name: skill.name,
    description: skill.description,
    private: skill.private,
    distTags,
    versions: documents,
    createdAt: skill.createdAt.toISOString(),
    updatedAt: skill.updatedAt.toISOString(),
  }
  const body = new TextEncoder().encode(JSON.stringify(document))
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
  return { skill, document, body, etag }
}
