import type { ServedSignatures } from '@skillship/registry-client'

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
 * version's content never changes once published; its signatures and verdict may (a re-audit, a
 * backfill, a revocation), so the cache keys an entry by both (served-signatures.ts contentKey).
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
  /** The version's signatures (load answer `signatures`, MCP `_meta`); undefined: none. */
  readonly signatures: ServedSignatures | undefined
  /** Every file, sorted by path, SKILL.md included. */
  readonly files: readonly LoadedFile[]
  /** Bytes this entry holds in memory (file bytes, rendered JSON, the body string), for the cache bound. */
  readonly memoryBytes: number
  /** The `GET /v1/load/:name` answer body, rendered once (UTF-8 JSON). */
  readonly json: Uint8Array
  /** Strong ETag over `json`. */
  readonly etag: string
}
