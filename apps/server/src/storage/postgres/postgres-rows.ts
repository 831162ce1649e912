import type {
  SkillRecord,
  SkillSummaryRecord,
  TokenRecord,
  VersionRecord,
} from '../metadata-store.js'

// Row shapes as pg decodes them: timestamptz -> Date, jsonb -> parsed JSON, integer -> number.

/** A `skills` row. */
export interface SkillRow {
  readonly name: string
  readonly private: boolean
  readonly description: string
  readonly created_at: Date
  readonly updated_at: Date
}

/** A `versions` row. */
export interface VersionRow {
  readonly name: string
  readonly version: string
  readonly description: string
  readonly frontmatter: Record<string, unknown>
  readonly integrity: string
  readonly size: number
  readonly unpacked_size: number
  readonly files: VersionRecord['files']
  readonly published_at: Date
  readonly publisher: string
  readonly deprecated: string | null
  readonly yanked: boolean
  readonly registry_signatures: VersionRecord['registrySignatures'] | null
  readonly publisher_key_id: string | null
  /** From the join with publisher_keys (versionSelect). */
  readonly publisher_key_revoked_at: Date | null
}

/** A `tokens` row. */
export interface TokenRow {
  readonly id: string
  readonly name: string
  readonly hash: string
  readonly scopes: string[]
  readonly created_at: Date
}

/** A search result row: a skill joined with its `latest` tag. */
export interface SkillSummaryRow {
  readonly name: string
  readonly description: string
  readonly latest: string | null
  readonly private: boolean
  readonly updated_at: Date
}

/** Maps a `skills` row to the port's record. */
export function toSkillRecord(row: SkillRow): SkillRecord {
  return {
    name: row.name,
    private: row.private,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Maps a `versions` row to the port's record. */
export function toVersionRecord(row: VersionRow): VersionRecord {
  return {
    name: row.name,
    version: row.version,
    description: row.description,
    frontmatter: row.frontmatter,
    integrity: row.integrity,
    size: row.size,
    unpackedSize: row.unpacked_size,
    files: row.files,
    publishedAt: row.published_at,
    publisher: row.publisher,
    deprecated: row.deprecated,
    yanked: row.yanked,
    registrySignatures: row.registry_signatures ?? [],
    publisherSignature:
      row.publisher_key_id === null
        ? null
        : { keyId: row.publisher_key_id, revoked: row.publisher_key_revoked_at !== null },
  }
}

/** Maps a `tokens` row to the port's record. */
export function toTokenRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    scopes: row.scopes,
    createdAt: row.created_at,
  }
}

/** Maps a search row to the port's summary. */
export function toSkillSummary(row: SkillSummaryRow): SkillSummaryRecord {
  return {
    name: row.name,
    description: row.description,
    latest: row.latest,
    private: row.private,
    updatedAt: row.updated_at,
  }
}
