import type { AuditReportDocument, RegistrySignature } from '@skillship/registry-client'
import type { NewActivity } from '../activity/activity-store.js'

/**
 * The registry's metadata storage port. Two implementations (SQLite embedded, PostgreSQL for
 * scale-out) run one contract suite (test/contract/metadata-store.contract.ts). Every method is
 * atomic on its own; implementations hold no per-request state, so many replicas can share one
 * PostgreSQL database.
 */

/** A skill as stored. */
export interface SkillRecord {
  readonly name: string
  readonly private: boolean
  /**
   * Description of the version the `latest` tag points at (kept in step on publish and tag moves).
   * A skill first published under another tag starts with that version's description.
   */
  readonly description: string
  readonly createdAt: Date
  readonly updatedAt: Date
}

/** One published version as stored. Everything but `deprecated` and `yanked` is immutable. */
export interface VersionRecord {
  readonly name: string
  readonly version: string
  readonly description: string
  /** Frontmatter JSON, as the core parsed it at publish time. */
  readonly frontmatter: Readonly<Record<string, unknown>>
  readonly integrity: string
  readonly size: number
  readonly unpackedSize: number
  /** `[{ path, size, mode, sha256 }]` */
  readonly files: readonly {
    readonly path: string
    readonly size: number
    readonly mode: number
    readonly sha256: string
  }[]
  readonly publishedAt: Date
  readonly publisher: string
  readonly deprecated: string | null
  readonly yanked: boolean
  /** The registry's latest audit of this version; null for versions published before audits. */
  readonly audit: VersionAuditSummary | null
  /** The registry's signatures made when the version was accepted; empty for older versions. */
  readonly registrySignatures: readonly RegistrySignature[]
  /** The publisher key whose bundle verified at publish, and whether it is revoked since; null: unsigned. */
  readonly publisherSignature: { readonly keyId: string; readonly revoked: boolean } | null
}

/** The stored summary of a version's audit (the version document's `audit`). */
export interface VersionAuditSummary {
  readonly verdict: 'pass' | 'warn' | 'block'
  /** The rule pack version that judged it; a re-audit re-judges versions of another pack. */
  readonly rulePack: string
  /** Finding counts by severity. */
  readonly findings: Readonly<Record<string, number>>
  readonly incomplete: boolean
  readonly auditedAt: Date
}

/** The full report of an audit, stored beside its summary: findings and capability manifest. */
export type AuditReportBody = Pick<
  AuditReportDocument,
  'policy' | 'incompleteReasons' | 'findingsTotal' | 'findings' | 'manifest'
>

/** A version's audit as stored: summary and report, always written together. */
export interface VersionAudit extends VersionAuditSummary {
  readonly report: AuditReportBody
}

/**
 * What `insertVersion` needs: the version, the dist-tag to point at it, the skill's access on
 * creation, the audit the publish made and the signatures (stored in the same transaction).
 */
export interface NewVersion
  extends Omit<
    VersionRecord,
    'deprecated' | 'yanked' | 'audit' | 'registrySignatures' | 'publisherSignature'
  > {
  readonly registrySignatures?: readonly RegistrySignature[]
  /** The verified publisher bundle (its JSON text) and the key that verified it. */
  readonly publisherSignature?: { readonly keyId: string; readonly bundle: string }
  readonly tag: string
  /** Applied only when this publish creates the skill. */
  readonly private: boolean
  readonly audit?: VersionAudit
  /**
   * The activity log's entry of this publish, appended in the same transaction as the version:
   * a version is never stored without its entry, nor an entry without its version.
   */
  readonly activity?: NewActivity
}

export type InsertVersionResult = 'created' | 'exists'

export interface SearchQuery {
  /** Case-insensitive substring of the name or description; empty lists everything. */
  readonly q: string
  readonly limit: number
  /** The last name of the previous page (exclusive); undefined for the first page. */
  readonly after?: string
  /**
   * Private skills are listed only when their name matches one of these globs (`*` = any run of
   * characters; `['*']` for admins). Public skills are always listed.
   */
  readonly privateNamePatterns: readonly string[]
}

export interface SkillSummaryRecord {
  readonly name: string
  readonly description: string
  readonly latest: string | null
  readonly private: boolean
  readonly updatedAt: Date
}

export interface TokenRecord {
  readonly id: string
  readonly name: string
  /** Hex SHA-256 of the secret; the secret itself is never stored. */
  readonly hash: string
  readonly scopes: readonly string[]
  readonly createdAt: Date
}

/** A publisher key a token registered (docs/signing.md, "Publisher keys at the registry"). */
export interface PublisherKeyRecord {
  readonly keyId: string
  /** SPKI PEM. */
  readonly publicKey: string
  /** The name of the token that added it. */
  readonly owner: string
  /** The token's publish scopes when the key was added (`publish:<glob>`, or `admin`). */
  readonly scopes: readonly string[]
  readonly createdAt: Date
  readonly revokedAt: Date | null
}

export interface MetadataStore {
  /** Creates or upgrades the schema; idempotent and safe when several processes run it at once. */
  migrate(): Promise<void>
  /** Resolves when the store answers; throws when it is unreachable. */
  ping(): Promise<void>
  close(): Promise<void>

  getSkill(name: string): Promise<SkillRecord | undefined>
  listVersions(name: string): Promise<VersionRecord[]>
  getVersion(name: string, version: string): Promise<VersionRecord | undefined>
  getDistTags(name: string): Promise<Record<string, string>>
  /**
   * In one transaction: creates the skill if it is new, inserts the version (unique per skill),
   * points `tag` at it, and bumps the skill's `updatedAt` (and description when the tag is
   * `latest`). Returns 'exists' and changes nothing when the version is already there, also when a
   * concurrent insert of the same version wins the race.
   */
  insertVersion(version: NewVersion): Promise<InsertVersionResult>
  /**
   * Points `tag` at an existing version (caller checks it exists); bumps `updatedAt`. `activity`,
   * when given, is appended in the same transaction (as for every write taking one below).
   */
  setDistTag(name: string, tag: string, version: string, activity?: NewActivity): Promise<void>
  /**
   * Removes a tag and bumps `updatedAt`; returns false when it did not exist (and appends
   * nothing).
   */
  removeDistTag(name: string, tag: string, activity?: NewActivity): Promise<boolean>
  /**
   * Sets deprecation and/or yanked on an existing version and bumps the skill's `updatedAt`;
   * returns false when there is no such version (and appends nothing). Omitted fields stay as they
   * are. Yanking the version `latest` points at moves `latest` past yanked and audit-blocked
   * versions. `activity`: one entry per change the patch makes, appended in its transaction.
   */
  updateVersion(
    name: string,
    version: string,
    patch: { deprecated?: string | null; yanked?: boolean },
    activity?: readonly NewActivity[],
  ): Promise<boolean>
  /** The stored audit of one version (summary and report); undefined when none was stored. */
  getVersionAudit(name: string, version: string): Promise<VersionAudit | undefined>
  /**
   * Replaces a version's audit (a re-audit) and bumps the skill's `updatedAt`; when the verdict is
   * `block` and `latest` points at the version, `latest` moves as for a yank (latest-after-yank.ts,
   * blocked versions counting as yanked), in the same transaction. `registrySignatures` (the
   * registry's signatures over the new verdict) replace the stored ones in that transaction too,
   * so no reader ever sees a verdict with a signature over another. `activity` (the
   * `audit.rejudge` entry), when given, is appended in that transaction too. False, appending
   * nothing, when there is no such version.
   */
  setVersionAudit(
    name: string,
    version: string,
    audit: VersionAudit,
    registrySignatures: readonly RegistrySignature[],
    activity?: NewActivity,
  ): Promise<boolean>
  /**
   * Stores the registry's signatures of a version that has none (a backfill of versions published
   * before signing), only while its stored audit is still `covered` (`verdict` and `rulePack`;
   * null: never audited), and bumps the skill's `updatedAt`, in one transaction. False, changing
   * nothing, when the version is gone, already signed, or its audit changed meanwhile.
   */
  addRegistrySignatures(
    name: string,
    version: string,
    registrySignatures: readonly RegistrySignature[],
    covered: { readonly verdict: string; readonly rulePack: string } | null,
  ): Promise<boolean>
  /** How many versions' stored audit verdict is `block` (the withheld-versions metric). */
  countBlockedVersions(): Promise<number>
  /**
   * Sets the skill's access and bumps `updatedAt`; returns false when there is no such skill (and
   * appends nothing). `activity` is appended in the same transaction.
   */
  setPrivate(name: string, isPrivate: boolean, activity?: NewActivity): Promise<boolean>
  /**
   * Skills ordered by name (byte order, the same in every implementation), at most `limit`, after
   * `after`. Matching ignores ASCII case; `%`, `_` and `\` in `q` and in the patterns are literal.
   */
  searchSkills(query: SearchQuery): Promise<SkillSummaryRecord[]>
  /** How many skills exist (private ones included). */
  countSkills(): Promise<number>
  /** Whether any version row (yanked included) has tarball `integrity`: blob GC keeps it. */
  isBlobReferenced(integrity: string): Promise<boolean>

  /**
   * Adds `counts` (skill name -> loads since the last call) to each skill's load total, in one
   * atomic step; names are summed, never replaced, so replicas flushing at once lose nothing.
   * Names of skills that do not exist are accepted (and never listed by `mostLoaded`).
   */
  recordLoads(counts: ReadonlyMap<string, number>): Promise<void>
  /**
   * The names of the `limit` existing skills with the highest load totals, highest first (ties by
   * name); skills never loaded are not listed. What warm-up loads at start.
   */
  mostLoaded(limit: number): Promise<string[]>

  /** Stores `token` and, when given, its activity entry in the same transaction. */
  createToken(token: TokenRecord, activity?: NewActivity): Promise<void>
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>
  listTokens(): Promise<TokenRecord[]>
  /**
   * Returns false when there is no such token (and appends nothing). Otherwise deletes it and,
   * when given, appends its activity entry in the same transaction.
   */
  deleteToken(id: string, activity?: NewActivity): Promise<boolean>
  /**
   * Stores a publisher key and, when given, its activity entry in the same transaction; 'exists'
   * (nothing changed, nothing appended) when its key id is already registered.
   */
  addPublisherKey(key: PublisherKeyRecord, activity?: NewActivity): Promise<'created' | 'exists'>
  /** Publisher keys of one owner (every key when `owner` is undefined), by creation then id. */
  listPublisherKeys(owner: string | undefined): Promise<PublisherKeyRecord[]>
  getPublisherKey(keyId: string): Promise<PublisherKeyRecord | undefined>
  /**
   * Marks the key revoked at `at` (false when no such key or already revoked), bumps `updatedAt`
   * of every skill with versions it signed (their documents now show `revoked`, also to caches
   * that revalidate by `updatedAt`), and returns those skills' names, for the caches to drop.
   * `activity`, appended only when this call revoked the key, commits with the revocation.
   */
  revokePublisherKey(
    keyId: string,
    at: Date,
    activity?: NewActivity,
  ): Promise<{ revoked: boolean; names: string[] }>
  /** The publisher bundle stored with a version, if it was published signed. */
  getPublisherBundle(name: string, version: string): Promise<string | undefined>
  /**
   * Embedded storage only: true when another process (`skillship server audit`) committed a
   * change to skills, versions, tags, audits or bundles since the previous call. Synchronous and
   * cheap (a pragma read), so caches can ask before every hit. PostgreSQL tells replicas through
   * its invalidation bus instead.
   */
  changedElsewhere?(): boolean
}

/**
 * How `addRegistrySignatures` compares the audit its signatures cover with the stored one:
 * `<verdict>:<rule pack>`, or `none` for a version never audited (as registrySignedMessage does).
 */
export function coveredAuditText(
  covered: { readonly verdict: string; readonly rulePack: string } | null,
): string {
  return covered === null ? 'none' : `${covered.verdict}:${covered.rulePack}`
}

/** The publisher-key methods of a metadata store, implemented per engine in one module each. */
export type PublisherKeyQueries = Pick<
  MetadataStore,
  | 'addPublisherKey'
  | 'listPublisherKeys'
  | 'getPublisherKey'
  | 'revokePublisherKey'
  | 'getPublisherBundle'
>
