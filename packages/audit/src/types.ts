/** The audit's data model: files in, findings and capabilities out. Pure data, no behaviour. */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info'
export type Confidence = 'high' | 'medium' | 'low'

export const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info']
export const confidences: readonly Confidence[] = ['high', 'medium', 'low']

/** Threat categories; ids are stable (they appear in reports, policies and the corpus labels). */
export const categories = [
  'prompt-injection',
  'hidden-text',
  'obfuscation',
  'remote-exec',
  'reverse-shell',
  'credential-access',
  'exfiltration',
  'agent-config',
  'persistence',
  'destructive',
  'wallet-theft',
  'dependency',
  'excess-permission',
  'unanalyzable',
] as const
export type Category = (typeof categories)[number]

/**
 * Where a piece of text sits in a skill: frontmatter values, markdown prose, fenced code blocks
 * in markdown, hidden markdown (HTML comments), scripts, package manifests, other config files.
 */
export type Surface = 'frontmatter' | 'prose' | 'code' | 'hidden' | 'script' | 'manifest' | 'config'

/** A skill file as handed to the audit: path relative to the skill root (POSIX), bytes, mode. */
export interface AuditFile {
  readonly path: string
  readonly bytes: Uint8Array
  readonly mode: number
}

export interface Finding {
  readonly rule: string
  readonly category: Category
  readonly severity: Severity
  readonly confidence: Confidence
  readonly path: string
  /** 1-based line; 1 for whole-file findings. */
  readonly line: number
  readonly message: string
  readonly remediation: string
  /** Why context lowered this finding (a demoted finding is still reported). */
  readonly demoted?: string
  /** How the text was reached: e.g. "base64" when found inside a decoded blob. */
  readonly via?: string
}

export type CapabilityKind =
  | 'network-egress'
  | 'secret-read'
  | 'wallet-read'
  | 'agent-config'
  | 'persistence'
  | 'process-exec'
  | 'install-hook'
  | 'destructive'

export interface Capability {
  readonly kind: CapabilityKind
  readonly path: string
  readonly line: number
  /** A host for egress, a path or store for reads and writes, a hook name for install hooks. */
  readonly detail: string
}

export interface AuditReport {
  readonly skill: string
  readonly rulePackVersion: string
  readonly findings: readonly Finding[]
  readonly capabilities: readonly Capability[]
  /** True when a work budget ran out: the verdict then covers only what was analysed. */
  readonly incomplete: boolean
  readonly incompleteReasons: readonly string[]
  readonly work: WorkCounters
}

export interface WorkCounters {
  bytes: number
  /** Characters the rule automata ran over (keyword windows, summed over rules). */
  scanned: number
  decodes: number
  nodes: number
  /** The weighted sum the audit's `maxWork` bounds (budget.ts `workWeights`). */
  work: number
}
