import { errnoCode, isSkillshipError } from '@skillship/core/errors'
import { type Finding, finding } from './finding.js'

/**
 * An 'error' finding for `error`, as thrown by a read or a check: its code and message, its hint as
 * the fix and its path. Plain errors (a bug, or an OS error such as EACCES) keep their name and
 * code, so nothing about them is hidden.
 */
export function errorFinding(check: string, error: unknown, prefix = ''): Finding {
  if (isSkillshipError(error)) {
    return finding(check, 'error', `${prefix}${error.code}: ${error.message}`, {
      fix: error.hint,
      path: error.path,
      code: error.code,
    })
  }
  const code = errnoCode(error)
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return finding(check, 'error', `${prefix}${text}`, { code })
}

/**
 * A 'warn' finding for a check (or part of one) that could not run because a shared read failed;
 * the check owning that read reports the error itself, so it is not counted twice.
 */
export function skippedFinding(check: string, error: unknown): Finding {
  const reason = errorFinding(check, error).message
  return finding(check, 'warn', `not checked: ${reason}`)
}
