/** Options every coded error accepts: a hint telling the user what to do, and the underlying cause. */
export interface SkillshipErrorOptions {
  readonly hint?: string
  readonly cause?: unknown
  /** The file or archive entry the error is about, when there is one. */
  readonly path?: string
  /** Structured data for machines (e.g. the validation issues of a refused skill). */
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * The one base error of skillship. Every failure a user can reach carries a stable `code`
 * (listed in docs/errors.md), a message with context and, where useful, a hint.
 * Programmer errors stay plain `Error`.
 */
export class SkillshipError<Code extends string = string> extends Error {
  override name = 'SkillshipError'
  readonly code: Code
  readonly hint: string | undefined
  readonly path: string | undefined
  readonly details: Readonly<Record<string, unknown>> | undefined

  constructor(code: Code, message: string, options: SkillshipErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.hint = options.hint
    this.path = options.path
    this.details = options.details
  }
}

/** True when `value` is a coded skillship error. */
export function isSkillshipError(value: unknown): value is SkillshipError {
  return value instanceof SkillshipError
}

/**
 * The `code` of a Node.js system error (`ENOENT`, `EEXIST`, ...), or undefined for anything else:
 * the one check callers use to tell an expected condition from an error they must rethrow.
 */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}
