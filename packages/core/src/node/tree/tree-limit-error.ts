import type { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'

/**
 * The error for a tree over one of its `TreeLimits`: `code` is `TreeTooManyFiles`,
 * `TreeTooLarge`, `FileTooLarge` or `TreeTooDeep`; `what` completes "Skill has ...".
 */
export function treeLimitError(code: SkillErrorCode, what: string, path: string): SkillshipError {
  return new SkillshipError(code, `Skill has ${what} (at ${path})`, {
    path,
    hint: 'Remove generated or bundled files, or raise the limit.',
  })
}
