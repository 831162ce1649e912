/** One file of a loaded skill version, its bytes in memory. */
export interface LoadedFile {
  readonly path: string
  readonly size: number
  /** 420 (0644) or 493 (0755). */
  readonly mode: number
  /** Lowercase hex SHA-256 of `bytes`. */
  readonly sha256: string
  readonly bytes: Uint8Array
}

/**
 * A published skill version unpacked in memory: what the load API, MCP and warm-up serve. A
 * version's content never changes once published, so a loaded skill is valid for as long as it is
 * cached; only which version a name or range resolves to changes.
 */
export interface LoadedSkill {
  readonly name: string
  readonly version: string
  /** SRI sha512 of the published tarball. */
  readonly integrity: string
  /** SKILL.md frontmatter as JSON (every scalar a string). */
  readonly frontmatter: Readonly<Record<string, unknown>>
  readonly description: string
  /** SKILL.md after the frontmatter. */
  readonly body: string
  /** Every file, sorted by path, SKILL.md included. */
  readonly files: readonly LoadedFile[]
  /** Bytes this entry holds in memory (file bytes, rendered JSON, the body string), for the cache bound. */
  readonly memoryBytes: number
  /** The `GET /v1/load/:name` answer body, rendered once (UTF-8 JSON). */
  readonly json: Uint8Array
  /** Strong ETag over `json`. */
  readonly etag: string
}
