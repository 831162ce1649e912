import { SkillshipError, type SkillshipErrorOptions } from '@skillship/core/errors'

/** Options of a registry error that came with an HTTP answer. */
export interface RegistryHttpErrorOptions extends SkillshipErrorOptions {
  /** The HTTP status of the answer. */
  readonly status: number
  /** The `x-request-id` the registry answered with, to quote when reporting a problem. */
  readonly requestId?: string | undefined
}

/**
 * A coded registry error that came with an HTTP answer: the code and message of the registry's
 * error body (or REGISTRY_PROTOCOL when the answer had none), plus the status and request id.
 * Failures without an answer (REGISTRY_UNREACHABLE) are plain `SkillshipError`s.
 */
export class RegistryHttpError extends SkillshipError {
  override name = 'RegistryHttpError'
  readonly status: number
  readonly requestId: string | undefined

  constructor(code: string, message: string, options: RegistryHttpErrorOptions) {
    super(code, message, options)
    this.status = options.status
    this.requestId = options.requestId
  }
}
