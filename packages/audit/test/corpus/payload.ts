/**
 * One malicious addition to a cover skill (covers.ts), labelled with its category. The corpus's
 * payloads are written for it: every host is under example.invalid or in 203.0.113.0/24
 * (TEST-NET-3); nothing here is ever executed.
 */
export interface Payload {
  readonly category: string
  readonly id: string
  /** Appended to the cover's SKILL.md body. */
  readonly body?: string
  readonly files?: Readonly<Record<string, string>>
  readonly description?: string
  readonly frontmatter?: string
}
