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
