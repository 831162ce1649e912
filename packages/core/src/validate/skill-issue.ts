import type { SkillErrorCode } from '../errors/skill-error-codes.js'

/** How much an issue matters: errors fail validation, warnings fail only with `--strict`. */
export type Severity = 'error' | 'warning' | 'info'

/** One finding about a skill. Validation collects every issue instead of stopping at the first. */
export interface SkillIssue {
  readonly code: SkillErrorCode
  readonly severity: Severity
  readonly message: string
  readonly hint?: string
  /** The file the issue is about, relative to the skill root (`SKILL.md` for frontmatter issues). */
  readonly path?: string
  /** 1-based line in that file, when known. */
  readonly line?: number
  /** The frontmatter field the issue is about, when there is one. */
  readonly field?: string
}

/** Fields of an issue before a target profile decides its severity. */
export type IssueDraft = Omit<SkillIssue, 'severity'> & { readonly severity?: Severity }

/** True when any issue is an error (or, with `strict`, a warning). */
export function hasBlockingIssue(issues: readonly SkillIssue[], strict = false): boolean {
  return issues.some((i) => i.severity === 'error' || (strict && i.severity === 'warning'))
}
