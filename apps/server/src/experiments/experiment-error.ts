import { SkillshipError } from '@skillship/core'
import type { ExperimentErrorCode } from '@skillship/registry-client'

/** Shorthand for a coded experiment error (statuses in http/error-status.ts). */
export function experimentError(
  code: ExperimentErrorCode,
  message: string,
  options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
): SkillshipError<ExperimentErrorCode> {
  return new SkillshipError(code, message, options)
}
