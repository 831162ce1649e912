import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'

/** RUNTIME_DECLARATION_INVALID for `file` (skill-relative) of the skill at `skillDir`. */
export function invalidDeclaration(
  skillDir: string,
  file: string,
  problem: string,
  options: { hint?: string; cause?: unknown } = {},
): SkillshipError {
  const path = join(skillDir, file)
  return new SkillshipError(RuntimeErrorCode.DeclarationInvalid, `${path}: ${problem}`, {
    hint: options.hint ?? `Fix ${file} so that its dependency declaration can be read.`,
    path,
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  })
}

/** One file's declaration of something that another file declares differently. */
export interface ConflictingDeclaration {
  /** Skill-relative file. */
  readonly file: string
  readonly declared: string
}

/** RUNTIME_DEPENDENCY_CONFLICT between two declarations of `subject` in one skill. */
export function dependencyConflict(
  skillDir: string,
  subject: string,
  first: ConflictingDeclaration,
  second: ConflictingDeclaration,
): SkillshipError {
  return new SkillshipError(
    RuntimeErrorCode.DependencyConflict,
    `${skillDir} declares ${subject} twice, differently: ${first.file} has "${first.declared}", ` +
      `${second.file} has "${second.declared}".`,
    {
      hint: `Declare ${subject} the same way in both files, or only in one of them.`,
      path: join(skillDir, second.file),
      details: { subject, declarations: [first, second] },
    },
  )
}
