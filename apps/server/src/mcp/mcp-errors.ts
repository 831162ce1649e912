import { isSkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '@skillship/registry-client'
import { ServeErrorCode } from '@skillship/registry-client/errors'

/** JSON-RPC 2.0 error codes (the SDK's ErrorCode, without loading the SDK for two numbers). */
export const jsonRpcErrorCode = {
  invalidRequest: -32600,
  invalidParams: -32602,
  internalError: -32603,
  /** The SDK's "connection closed", what its examples answer a refused GET/DELETE with. */
  methodNotAllowed: -32000,
} as const

/**
 * A JSON-RPC error the SDK sends as is: it answers any thrown error with a numeric `code` using
 * that code, the message and `data`. (The SDK's McpError would prefix the message with its code.)
 */
export class JsonRpcError extends Error {
  override name = 'JsonRpcError'
  readonly code: number
  readonly data: unknown

  constructor(code: number, message: string, data?: unknown) {
    super(message)
    this.code = code
    this.data = data
  }
}

/** -32602 Invalid params: what SEP-2640 answers for an unknown skill, file or directory. */
export function invalidParams(message: string, data?: Record<string, unknown>): JsonRpcError {
  return new JsonRpcError(jsonRpcErrorCode.invalidParams, message, data)
}

/**
 * Codes meaning "the caller asked for something this server does not serve (to them)"; a version
 * the registry's audit blocks is one of them (left out of listings, refused when read).
 */
const notServed: ReadonlySet<string> = new Set([
  RegistryErrorCode.NotFound,
  RegistryErrorCode.VersionNotFound,
  RegistryErrorCode.NoMatchingVersion,
  RegistryErrorCode.VersionBlocked,
  ServeErrorCode.FileNotFound,
])

/** Codes meaning "the request itself is malformed" (a bad range or tag). */
const badInput: ReadonlySet<string> = new Set([
  RegistryErrorCode.BadRequest,
  RegistryErrorCode.TagInvalid,
  RegistryErrorCode.VersionInvalid,
])

/** True when `error` says the skill (or version, or file) does not exist for this caller. */
export function isNotServed(error: unknown): boolean {
  return isSkillshipError(error) && notServed.has(error.code)
}

/** True when `error` says the request itself is malformed (a bad range, tag or version). */
export function isBadInput(error: unknown): boolean {
  return isSkillshipError(error) && badInput.has(error.code)
}

/**
 * Maps a loader or storage error to a JSON-RPC error. Anything not found is -32602 with
 * `notFoundMessage`, the same text whether the skill is absent or private, so no name leaks; bad
 * input is -32602 with its message; everything else is reported through `report` and answered as
 * -32603 with nothing but its code.
 */
export function toJsonRpcError(
  error: unknown,
  notFoundMessage: string,
  report: (error: unknown) => void,
): JsonRpcError {
  if (error instanceof JsonRpcError) return error
  if (isSkillshipError(error) && notServed.has(error.code)) return invalidParams(notFoundMessage)
  if (isSkillshipError(error) && isBadInput(error)) {
    return invalidParams(error.message, { code: error.code })
  }
  report(error)
  return new JsonRpcError(
    jsonRpcErrorCode.internalError,
    'Internal error',
    isSkillshipError(error) ? { code: error.code } : undefined,
  )
}
