import { isSkillshipError, type SkillshipError } from '@skillship/core'
import { type ErrorBody, RegistryErrorCode } from '@skillship/registry-client'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { RegistryEnv } from '../app/registry-env.js'
import { errorStatus } from './error-status.js'
import { requestLogger } from './request-context.js'

/** The `Retry-After` of every coded 503: long enough for a PostgreSQL failover's reconnect. */
export const retryAfterSeconds = 2

/** The status recorded for a request whose client hung up before it was answered. */
export const clientClosedRequest = 499

/**
 * True for the error Node gives a handler reading the body of a request whose client closed the
 * connection (`aborted`, ECONNRESET, from the incoming message) or the stream's premature close.
 */
export function isClientAbort(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  return (
    (code === 'ECONNRESET' && error.message === 'aborted') || code === 'ERR_STREAM_PREMATURE_CLOSE'
  )
}

/**
 * The single error mapper: a coded error becomes `{ error: { code, message, hint, details } }`
 * with the status from `errorStatus`; anything else is logged with its stack and answered as a
 * generic 500 that leaks nothing. A client abort is logged at info and recorded as 499.
 */
export function errorResponse(error: unknown, c: Context<RegistryEnv>): Response {
  const requestId = c.get('requestId')
  if (requestId !== undefined) c.header('x-request-id', requestId)
  if (isSkillshipError(error) && errorStatus[error.code] !== undefined) {
    return codedErrorResponse(error, c)
  }
  if (isClientAbort(error)) {
    // Nobody reads this answer; 499 (nginx's "client closed request") keeps anonymous clients
    // that hang up mid-upload out of the 5xx rate and its alert (docs/metrics.md).
    requestLogger(c).info(
      { code: (error as { code?: unknown }).code },
      'client aborted the request',
    )
    return new Response(null, { status: clientClosedRequest })
  }
  requestLogger(c).error({ err: error }, 'unhandled error')
  const body: ErrorBody = {
    error: {
      code: RegistryErrorCode.Internal,
      message: 'Internal server error',
      hint: `Quote request id ${requestId ?? 'unknown'} when reporting this.`,
    },
  }
  return c.json(body, 500)
}

function codedErrorResponse(error: SkillshipError, c: Context<RegistryEnv>): Response {
  const status = (errorStatus[error.code] ?? 500) as ContentfulStatusCode
  // A refused flood request is expected load shedding: logging each at error would add cost
  // to the very flood it sheds.
  if (error.code === ServeErrorCode.Busy)
    requestLogger(c).debug({ code: error.code }, error.message)
  else if (status >= 500) requestLogger(c).error({ err: error, code: error.code }, error.message)
  // A 503 is a passing condition (storage failing over, a replica warming up): say when to retry.
  if (status === 503) c.header('retry-after', String(retryAfterSeconds))
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  }
  return c.json(body, status)
}
