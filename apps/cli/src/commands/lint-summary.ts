import type { LintedSkill } from '@skillship/core/node'

/** Counts for the lint summary line and the JSON `summary` object. */
export interface LintSummary {
  readonly skills: number
  readonly passed: number
  readonly failed: number
  readonly errors: number
  readonly warnings: number
}

/** Counts skills and issues; `failed` is the number of skills that failed (it depends on --strict). */
export function summarizeLint(skills: readonly LintedSkill[], failed: number): LintSummary {
  let errors = 0
  let warnings = 0
  for (const skill of skills) {
    for (const issue of skill.issues) {
      if (issue.severity === 'error') errors += 1
      else if (issue.severity === 'warning') warnings += 1
    }
  }
  return { skills: skills.length, passed: skills.length - failed, failed, errors, warnings }
}
