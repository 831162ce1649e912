import type { Category, Confidence, Severity, Surface } from '../types.js'

/** One rule of the pack: data only; `run-rules.ts` compiles and runs it. */
export interface Rule {
  /** Stable id (`SKA-<AREA>-<NNN>`): never reused for another meaning. */
  readonly id: string
  readonly title: string
  readonly category: Category
  readonly severity: Severity
  readonly confidence: Confidence
  /** Surfaces the rule applies to; `all` for every one. */
  readonly surfaces: readonly Surface[] | 'all'
  /** Lower-case literals, one of which must occur in the text for the pattern to run (a prefilter). */
  readonly keywords: readonly string[]
  /** RE2 syntax (no backtracking), matched case-insensitively on the normalised text. */
  readonly pattern: string
  /** RE2 pattern; a match whose 48 preceding characters plus itself match this is dropped. */
  readonly unless?: string
  readonly remediation: string
  readonly examples: { readonly positive: readonly string[]; readonly negative: readonly string[] }
}

/** Surfaces where text is read by the agent or run: everything but the frontmatter. */
export const bodySurfaces: readonly Surface[] = [
  'prose',
  'code',
  'hidden',
  'script',
  'config',
  'manifest',
]
/** Shell and code: where commands appear. */
export const commandSurfaces: readonly Surface[] = [
  'prose',
  'code',
  'hidden',
  'script',
  'config',
  'manifest',
]
/** What the agent reads as instructions. */
export const instructionSurfaces: readonly Surface[] = [
  'frontmatter',
  'prose',
  'code',
  'hidden',
  'config',
]

// Shared pattern parts. Verbs that read a file or print it.
export const readVerbs =
  '(?:cat|less|more|head|tail|cp|copy|scp|tar|zip|base64|xxd|strings|grep|type|read|reads|reading|open|print|dump|collect|gather|harvest|grab|steal|extract|upload|send|include|load|get-content|gc|readfile|readfilesync|read_text|read_bytes|readlines|file_get_contents|glob|os\\.walk|walk|find|ls|dir|copyfile|shutil\\.copy)'
