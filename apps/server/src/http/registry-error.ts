import { SkillshipError } from '@skillship/core'
import type { RegistryErrorCode } from '@skillship/registry-client'

/** Shorthand for a coded registry error. */
export function registryError(
  code: RegistryErrorCode,
  message: string,
  options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
): SkillshipError<RegistryErrorCode> {
  return new SkillshipError(code, message, options)
}
