import type { Finding, Surface } from '../types.js'

/** A finding while the audit runs: where it sat and the text before it, for context rules. */
export interface RawFinding extends Finding {
  readonly surface: Surface
  /** Up to 160 characters of normalised text before the match. */
  readonly before: string
}

export function publicFinding(raw: RawFinding): Finding {
  const { surface: _surface, before: _before, ...finding } = raw
  return finding
}
