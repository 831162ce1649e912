/**
 * `POST /v1/verdicts` (docs/registry-api.md): the registry's current verdict on many locked
 * versions in one small answer, what a frozen install asks before it stands on its install stamp
 * (docs/audit.md). One schema each for the body and the answer, shared by the server's check and
 * the client's parsing. The answer carries per version exactly what that check needs: the audit
 * summary (block wins over any lock), and what verifying the registry's signature over it needs
 * (`registrySignedMessage`: the integrity, the signatures and `publishedAt` for signatures older
 * than `signedAt`).
 */
import * as z from 'zod/v4/mini'
import { auditSummarySchema } from './audit-summary.js'
import { registrySignatureSchema } from './signature-documents.js'
import type { WireType } from './wire-schema.js'

/**
 * The most versions one `POST /v1/verdicts` may ask for; the client splits longer lists. With
 * names of at most 64 characters and versions of at most 256, a full body stays under the
 * server's 64 KiB JSON body limit.
 */
export const maxVerdictsPerRequest = 100

/** One locked version asked about: a registry name (1-64 characters) and a version (1-256). */
export const verdictRefSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(64)),
  version: z.string().check(z.minLength(1), z.maxLength(256)),
})
export type VerdictRef = WireType<typeof verdictRefSchema>

/** `POST /v1/verdicts` body: 1 to `maxVerdictsPerRequest` versions (more: 400 with a hint). */
export const verdictsRequestSchema = z.object({
  versions: z.array(verdictRefSchema).check(z.minLength(1)),
})
export type VerdictsRequest = WireType<typeof verdictsRequestSchema>

/**
 * What the registry now says about one listed version: its tarball's `integrity`, whether it is
 * `yanked`, its audit summary (null: never audited; `block` means withheld), its registry
 * signatures over those (`[]` when unsigned) and `publishedAt`, the time of signatures made
 * before they carried `signedAt`.
 */
export const versionVerdictSchema = z.object({
  name: z.string(),
  version: z.string(),
  integrity: z.string(),
  yanked: z.boolean(),
  publishedAt: z.string(),
  audit: z.nullable(auditSummarySchema),
  signatures: z.array(registrySignatureSchema),
})
export type VersionVerdict = WireType<typeof versionVerdictSchema>

/**
 * `POST /v1/verdicts` answer, every version asked accounted for once: `verdicts` for the listed
 * ones, `unlisted` for versions of a readable skill that lists them no more, and `missing` for
 * the names that are unknown or not readable by the caller (the two are not told apart, as with
 * a 404).
 */
export const verdictsResponseSchema = z.object({
  verdicts: z.array(versionVerdictSchema),
  unlisted: z.array(verdictRefSchema),
  missing: z.array(z.string()),
})
export type VerdictsResponse = WireType<typeof verdictsResponseSchema>

/**
 * A version document's verdict, as `POST /v1/verdicts` answers it: the server builds its answer
 * with this, and a client reading an older registry (documents only) builds the same from the
 * documents, so both paths judge the same fields.
 */
export function versionVerdictOf(document: {
  readonly name: string
  readonly version: string
  readonly dist: { readonly integrity: string }
  readonly yanked: boolean
  readonly publishedAt: string
  readonly audit?: VersionVerdict['audit'] | undefined
  readonly signatures?: { readonly registry: VersionVerdict['signatures'] } | undefined
}): VersionVerdict {
  return {
    name: document.name,
    version: document.version,
    integrity: document.dist.integrity,
    yanked: document.yanked,
    publishedAt: document.publishedAt,
    audit: document.audit ?? null,
    signatures: document.signatures?.registry ?? [],
  }
}
