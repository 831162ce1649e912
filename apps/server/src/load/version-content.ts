import type { ServedSignatures } from '@skillship/registry-client'

/** The stored facts of one published version that loading it needs (from its record or document). */
export interface VersionContent {
  readonly name: string
  readonly version: string
  /** SRI sha512 of the tarball: the blob key, verified before anything is read from it. */
  readonly integrity: string
  readonly description: string
  readonly frontmatter: Readonly<Record<string, unknown>>
  /** Every file as the publish recorded it; the only files a load ever serves. */
  readonly files: readonly {
    readonly path: string
    readonly size: number
    readonly mode: number
    readonly sha256: string
  }[]
}

/** A version as the loader serves it: its content and what its document says of it now. */
export interface ServedVersionContent extends VersionContent {
  /** The version's signatures as loads and MCP carry them; undefined: it has none. */
  readonly signatures: ServedSignatures | undefined
  /** The content cache's key of this version in this state (served-signatures.ts contentKey). */
  readonly key: string
}
