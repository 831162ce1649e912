import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { parseErrorBody } from './parse-error-body.js'
import { RegistryHttpError } from './registry-http-error.js'
import type { RegistryAnswer } from './registry-request.js'

/**
 * REGISTRY_PROTOCOL for an answer that is not what the registry sends (`problem` says what was
 * wrong): an HTML page of a proxy, an empty 500, unparsable JSON on a 2xx.
 */
export function protocolError(
  answer: RegistryAnswer,
  problem: string,
  details?: Readonly<Record<string, unknown>>,
): RegistryHttpError {
  const { method, url, status, requestId } = answer
  return new RegistryHttpError(
    RegistryErrorCode.Protocol,
    `The registry at ${url.host} answered ${method} ${url.pathname} with HTTP ${status} and ${problem}`,
    {
      status,
      requestId,
      hint: 'Another service or a proxy may be answering at this URL; check the registry URL.',
      ...(details === undefined ? {} : { details }),
    },
  )
}

/**
 * The error a non-2xx answer means: the registry's own code, message, hint and details when the
 * body is an ErrorBody, REGISTRY_PROTOCOL otherwise. Both carry the status and request id.
 */
export function errorFromAnswer(answer: RegistryAnswer): RegistryHttpError {
  const body = parseErrorBody(new TextDecoder().decode(answer.body))
  if (body === undefined) return protocolError(answer, 'no registry error body')
  const { code, message, hint, details } = body.error
  return new RegistryHttpError(code, message, {
    status: answer.status,
    requestId: answer.requestId,
    ...(hint === undefined ? {} : { hint }),
    ...(details === undefined ? {} : { details }),
  })
}
