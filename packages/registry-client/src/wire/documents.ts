/**
 * The registry's wire documents (JSON). Field names are part of the public contract: add fields,
 * never rename or remove them. See docs/registry-api.md.
 */

/** One file of a published version. */
export interface FileDocument {
  readonly path: string
  readonly size: number
  /** 420 (0o644) or 493 (0o755). */
  readonly mode: number
  /** Lowercase hex SHA-256 of the content. */
  readonly sha256: string
}

/** Where and what the tarball of a version is. */
export interface DistDocument {
  /** Path of the tarball relative to the registry URL: `/v1/skills/<name>/-/<version>.tgz`. */
  readonly tarball: string
  /** SRI `sha512-...` of the tarball bytes. */
  readonly integrity: string
  /** Tarball bytes. */
  readonly size: number
  readonly unpackedSize: number
  readonly fileCount: number
}

/** One published version of a skill. Immutable except for `deprecated` and `yanked`. */
export interface VersionDocument {
  readonly name: string
  readonly version: string
  readonly description: string
  /** SKILL.md frontmatter as JSON (every scalar a string). */
  readonly frontmatter: Readonly<Record<string, unknown>>
  readonly dist: DistDocument
  readonly files: readonly FileDocument[]
  /** ISO 8601. */
  readonly publishedAt: string
  /** Name of the token that published it. */
  readonly publisher: string
  /** The deprecation message, when deprecated. */
  readonly deprecated?: string
  /** Yanked versions are skipped by range resolution but stay downloadable by exact version. */
  readonly yanked: boolean
}

/** Everything about one skill: `GET /v1/skills/:name`. */
export interface SkillDocument {
  readonly name: string
  /** The description of the `latest` version. */
  readonly description: string
  readonly private: boolean
  readonly distTags: Readonly<Record<string, string>>
  readonly versions: Readonly<Record<string, VersionDocument>>
  /** ISO 8601. */
  readonly createdAt: string
  readonly updatedAt: string
}

/** One row of `GET /v1/skills`. */
export interface SkillSummary {
  readonly name: string
  readonly description: string
  readonly latest: string | null
  readonly private: boolean
  readonly updatedAt: string
}

export interface SearchResponse {
  readonly items: readonly SkillSummary[]
  /** Pass as `cursor` to get the next page; null on the last page. */
  readonly nextCursor: string | null
}

/** `PUT /v1/skills/:name` answer (201). */
export interface PublishResponse {
  readonly name: string
  readonly version: string
  readonly integrity: string
  readonly distTags: Readonly<Record<string, string>>
}

export interface DistTagsResponse {
  readonly name: string
  readonly distTags: Readonly<Record<string, string>>
}

/** `PATCH /v1/skills/:name/versions/:version` body: set or clear deprecation, yank or restore. */
export interface VersionPatch {
  /** A message deprecates the version; null removes the deprecation. */
  readonly deprecated?: string | null
  readonly yanked?: boolean
}

/** `PATCH /v1/skills/:name` body. */
export interface SkillPatch {
  readonly private?: boolean
}

/** A token as listed (never with its secret). */
export interface TokenInfo {
  readonly id: string
  readonly name: string
  readonly scopes: readonly string[]
  readonly createdAt: string
}

/** `POST /v1/tokens` body. */
export interface CreateTokenRequest {
  readonly name: string
  readonly scopes: readonly string[]
}

/** `POST /v1/tokens` answer (201): the secret is shown this once and stored only as a hash. */
export interface CreatedToken extends TokenInfo {
  readonly token: string
}

/** `GET /v1/resolve/:name?range=` answer. */
export interface ResolveResponse {
  readonly name: string
  readonly version: string
  readonly dist: DistDocument
}

/** `POST /v1/documents` body: the skills to read in one round trip (at most 500 names). */
export interface DocumentsRequest {
  readonly names: readonly string[]
}

/**
 * `POST /v1/documents` answer: the document of every named skill the caller may read, and the
 * names that are unknown or private to the caller (the two are not told apart, as with a 404).
 */
export interface DocumentsResponse {
  readonly documents: Readonly<Record<string, SkillDocument>>
  readonly missing: readonly string[]
}

/** Every error answer: `{ "error": { code, message, hint?, details? } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string
    readonly message: string
    readonly hint?: string
    readonly details?: Readonly<Record<string, unknown>>
  }
}
