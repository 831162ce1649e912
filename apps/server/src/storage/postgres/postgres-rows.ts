import type {
  SkillRecord,
  SkillSummaryRecord,
  TokenRecord,
  VersionAuditSummary,
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
  /** From `version_audits` (LEFT JOIN, see `versionColumns`): all null when never audited. */
  readonly audit_verdict: string | null
  readonly audit_rule_pack: string | null
  readonly audit_findings: Record<string, number> | null
  readonly audit_incomplete: boolean | null
  readonly audited_at: Date | null
  readonly registry_signatures: VersionRecord['registrySignatures'] | null
  readonly publisher_key_id: string | null
  /** From the join with publisher_keys (versionsWithAudits). */
  readonly publisher_key_revoked_at: Date | null
}

/** The columns of a version row with its audit summary, from `versions v` joined with `version_audits a`. */
export const versionColumns = `v.*, a.verdict AS audit_verdict, a.rule_pack AS audit_rule_pack,
  a.findings AS audit_findings, a.incomplete AS audit_incomplete, a.audited_at AS audited_at,
  k.revoked_at AS publisher_key_revoked_at`

/** `versions v` with its audit and its publisher key (revoked or not), for `versionColumns`. */
export const versionsWithAudits = `versions v
  LEFT JOIN version_audits a ON a.name = v.name AND a.version = v.version
  LEFT JOIN publisher_keys k ON k.key_id = v.publisher_key_id`

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
    audit:
      row.audit_verdict === null
        ? null
        : {
            verdict: row.audit_verdict as VersionAuditSummary['verdict'],
            rulePack: row.audit_rule_pack ?? '',
            findings: row.audit_findings ?? {},
            incomplete: row.audit_incomplete === true,
            auditedAt: row.audited_at ?? new Date(0),
          },
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
