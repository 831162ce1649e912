import { skillDigestAlgorithm, skillDigestHex } from '../digest/skill-digest.js'

/** in-toto Statement v1. */
export const statementType = 'https://in-toto.io/Statement/v1'
/** skillship's publish predicate, version 1 (docs/signing.md). */
export const publishPredicateType = 'https://skillship.dev/attestations/publish/v1'

/** Where the skill was published from, when it was a git checkout. */
export interface PublishSource {
  /** The repository URL (the checkout's `origin`). */
  readonly repository: string
  /** The full commit id (40 or 64 lowercase hex digits). */
  readonly commit: string
}

/** What the publisher states about the version it signs. */
export interface PublishPredicate {
  /** Who published: the registry identity or name the publisher signs as. */
  readonly publisher: string
  /** ISO 8601 UTC time of signing. */
  readonly publishedAt: string
  readonly source?: PublishSource
}

/** The subject: the skill as `name@version`, its skill digest and its tarball's SHA-512 (hex). */
export interface SkillSubject {
  readonly name: string
  readonly digest: { readonly [skillDigestAlgorithm]: string; readonly sha512: string }
}

export interface SkillStatement {
  readonly _type: typeof statementType
  readonly subject: readonly [SkillSubject]
  readonly predicateType: typeof publishPredicateType
  readonly predicate: PublishPredicate
}

export interface SkillStatementInput {
  readonly name: string
  readonly version: string
  /** `skilltree-sha256:<hex>` (computeSkillDigest). */
  readonly skillDigest: string
  /** The tarball's SRI `sha512-<base64>`. */
  readonly integrity: string
  readonly publisher: string
  readonly publishedAt: Date
  readonly source?: PublishSource
}

/** The statement a publisher signs for one version. Throws a plain Error on malformed digests. */
export function buildSkillStatement(input: SkillStatementInput): SkillStatement {
  const skill = skillDigestHex(input.skillDigest)
  const sha512 = sriSha512Hex(input.integrity)
  if (skill === undefined || sha512 === undefined)
    throw new Error('buildSkillStatement: malformed skill digest or integrity')
  return {
    _type: statementType,
    subject: [
      { name: `${input.name}@${input.version}`, digest: { [skillDigestAlgorithm]: skill, sha512 } },
    ],
    predicateType: publishPredicateType,
    predicate: {
      publisher: input.publisher,
      publishedAt: input.publishedAt.toISOString(),
      ...(input.source === undefined ? {} : { source: input.source }),
    },
  }
}

const sriSha512 = /^sha512-([A-Za-z0-9+/]{86}==)$/

/** The lowercase hex of an SRI `sha512-<base64>` string, or undefined when it is not one. */
export function sriSha512Hex(integrity: string): string | undefined {
  const base64 = sriSha512.exec(integrity)?.[1]
  return base64 === undefined ? undefined : Buffer.from(base64, 'base64').toString('hex')
}
