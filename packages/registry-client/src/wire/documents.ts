/**
 * The registry's wire documents (JSON), one schema each: the client parses every answer with
 * them and the server checks request bodies with them, so the contract has one source. The types
 * are inferred from the schemas. Field names are part of the public contract: add fields, never
 * rename or remove them (unknown fields are dropped by parsing, so older clients read newer
 * answers). See docs/registry-api.md.
 */
import * as z from 'zod/v4/mini'
import { auditSummarySchema } from './audit-summary.js'
import { versionSignaturesSchema } from './signature-documents.js'
import type { WireType } from './wire-schema.js'

const count = z.int().check(z.minimum(0))
const nonEmpty = z.string().check(z.minLength(1))
const stringMap = z.record(z.string(), z.string())

/** One file of a published version: `mode` 420 (0o644) or 493 (0o755), lowercase hex `sha256`. */
export const fileDocumentSchema = z.object({
  path: z.string(),
  size: count,
  mode: z.int(),
  sha256: z.string(),
})
export type FileDocument = WireType<typeof fileDocumentSchema>

/**
 * Where and what the tarball of a version is: `tarball` is the path relative to the registry URL
 * (`/v1/skills/<name>/-/<version>.tgz`), `integrity` the SRI `sha512-...` of its bytes, `size`
 * its byte count.
 */
export const distDocumentSchema = z.object({
  tarball: z.string(),
  integrity: z.string(),
  size: count,
  unpackedSize: count,
  fileCount: count,
})
export type DistDocument = WireType<typeof distDocumentSchema>

/**
 * One published version of a skill. Immutable except for `deprecated` (the message, when
 * deprecated) and `yanked` (skipped by range resolution, still downloadable by exact version).
 * `frontmatter` is SKILL.md's frontmatter as JSON; `publishedAt` ISO 8601; `publisher` the name
 * of the token that published it.
 */
export const versionDocumentSchema = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string(),
  frontmatter: z.record(z.string(), z.unknown()),
  dist: distDocumentSchema,
  files: z.array(fileDocumentSchema),
  publishedAt: z.string(),
  publisher: z.string(),
  deprecated: z.optional(z.string()),
  yanked: z.boolean(),
  audit: z.optional(auditSummarySchema),
  signatures: z.optional(versionSignaturesSchema),
})
export type VersionDocument = WireType<typeof versionDocumentSchema>

/**
 * Everything about one skill: `GET /v1/skills/:name`. `description` is the `latest` version's;
 * `createdAt` and `updatedAt` ISO 8601.
 */
export const skillDocumentSchema = z.object({
  name: z.string(),
  description: z.string(),
  private: z.boolean(),
  distTags: stringMap,
  versions: z.record(z.string(), versionDocumentSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type SkillDocument = WireType<typeof skillDocumentSchema>

/** One row of `GET /v1/skills`. */
export const skillSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  latest: z.nullable(z.string()),
  private: z.boolean(),
  updatedAt: z.string(),
})
export type SkillSummary = WireType<typeof skillSummarySchema>

/** `GET /v1/skills` answer; pass `nextCursor` as `cursor` for the next page (null on the last). */
export const searchResponseSchema = z.object({
  items: z.array(skillSummarySchema),
  nextCursor: z.nullable(z.string()),
})
export type SearchResponse = WireType<typeof searchResponseSchema>

/** `PUT /v1/skills/:name` answer (201). */
export const publishResponseSchema = z.object({
  name: z.string(),
  version: z.string(),
  integrity: z.string(),
  distTags: stringMap,
})
export type PublishResponse = WireType<typeof publishResponseSchema>

export const distTagsResponseSchema = z.object({ name: z.string(), distTags: stringMap })
export type DistTagsResponse = WireType<typeof distTagsResponseSchema>

/**
 * `PATCH /v1/skills/:name/versions/:version` body: a message deprecates the version, null removes
 * the deprecation; `yanked` yanks or restores. At least one of the two, and no blank message.
 */
export const versionPatchSchema = z
  .object({
    deprecated: z.optional(z.nullable(z.string().check(z.refine((text) => text.trim() !== '')))),
    yanked: z.optional(z.boolean()),
  })
  .check(z.refine((patch) => patch.deprecated !== undefined || patch.yanked !== undefined))
export type VersionPatch = WireType<typeof versionPatchSchema>

/** `PATCH /v1/skills/:name` body. */
export const skillPatchSchema = z.object({ private: z.boolean() })
export type SkillPatch = WireType<typeof skillPatchSchema>

/** `PUT /v1/skills/:name/dist-tags/:tag` body. */
export const distTagBodySchema = z.object({ version: z.string() })
export type DistTagBody = WireType<typeof distTagBodySchema>

/**
 * `PUT /v1/skills/:name` query (the body is the tarball): the dist-tag to point at the new
 * version (default `latest`), the visibility of a new skill (default `public`), a version that
 * overrides SKILL.md's `metadata.version`.
 */
export const publishOptionsSchema = z.object({
  tag: z.optional(nonEmpty),
  access: z.optional(z.enum(['public', 'private'])),
  version: z.optional(nonEmpty),
})
export type PublishQuery = WireType<typeof publishOptionsSchema>

/** A token as listed (never with its secret). */
export const tokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
})
export type TokenInfo = WireType<typeof tokenInfoSchema>

/** `GET /v1/tokens` answer. */
export const tokenListSchema = z.object({ tokens: z.array(tokenInfoSchema) })

/** `POST /v1/tokens` body. */
export const createTokenRequestSchema = z.object({ name: z.string(), scopes: z.array(z.string()) })
export type CreateTokenRequest = WireType<typeof createTokenRequestSchema>

/** `POST /v1/tokens` answer (201): the secret is shown this once and stored only as a hash. */
export const createdTokenSchema = z.extend(tokenInfoSchema, { token: z.string() })
export type CreatedToken = WireType<typeof createdTokenSchema>

/** `GET /v1/resolve/:name?range=` answer. */
export const resolveResponseSchema = z.object({
  name: z.string(),
  version: z.string(),
  dist: distDocumentSchema,
})
export type ResolveResponse = WireType<typeof resolveResponseSchema>

/**
 * `POST /v1/documents` body: the skills to read in one round trip, non-empty names, at most
 * `maxDocumentsPerRequest` (500; the server answers more with a hint to split).
 */
export const documentsRequestSchema = z.object({ names: z.array(nonEmpty) })
export type DocumentsRequest = WireType<typeof documentsRequestSchema>

/**
 * `POST /v1/documents` answer: the document of every named skill the caller may read, and the
 * names that are unknown or private to the caller (the two are not told apart, as with a 404).
 */
export const documentsResponseSchema = z.object({
  documents: z.record(z.string(), skillDocumentSchema),
  missing: z.array(z.string()),
})
export type DocumentsResponse = WireType<typeof documentsResponseSchema>

/** `GET /v1/whoami` answer. */
export const whoamiResponseSchema = z.object({ name: z.string(), scopes: z.array(z.string()) })
export type WhoamiResponse = WireType<typeof whoamiResponseSchema>

/** `GET /livez` answer. */
export const livezResponseSchema = z.object({ status: z.string() })
export type LivezResponse = WireType<typeof livezResponseSchema>
