import { errnoCode, isNetworkErrorCode, SkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'

// OpenSSL's certificate verification codes and Node's TLS codes: node:https rejects with these
// as they are, where fetch wraps them in a TypeError.
const tlsErrorCodes: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
])

/** Whether `error` (or a fetch TypeError's cause) is a TLS failure: retrying cannot help. */
export function isTlsFailure(error: unknown): boolean {
  return isTlsErrorCode(errnoCode(error instanceof TypeError ? error.cause : error))
}

function isTlsErrorCode(code: string | undefined): boolean {
  if (code === undefined) return false
  return tlsErrorCodes.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')
}

/** Whether `error` is the timeout of an exchange (its whole budget ran out). */
export function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError'
}

/**
 * REGISTRY_UNREACHABLE for a failure that means the registry gave no (complete) answer: a fetch
 * `TypeError` (refused, reset, DNS, TLS, body cut off), a system error with a network code, or
 * the `AbortSignal.timeout` firing, or a certificate node:https does not trust (the hint names
 * NODE_EXTRA_CA_CERTS); REGISTRY_PROTOCOL for an answer node:http's parser refused
 * (`HPE_*`: bytes past a declared Content-Length, a malformed head). Undefined for anything else,
 * which the caller rethrows.
 * The message names the host only; the original error is kept as `cause`.
 */
export function toUnreachableError(
  error: unknown,
  url: URL,
  timeoutMs: number,
): SkillshipError | undefined {
  const details = { host: url.host }
  if (isTimeout(error)) {
    return new SkillshipError(
      RegistryErrorCode.Unreachable,
      `The registry at ${url.host} did not answer within ${timeoutMs} ms`,
      { hint: 'Check the registry and your network, or raise timeoutMs.', cause: error, details },
    )
  }
  const code = errnoCode(error instanceof TypeError ? error.cause : error)
  if (isTlsErrorCode(code)) {
    return new SkillshipError(
      RegistryErrorCode.Unreachable,
      `Cannot reach the registry at ${url.host}: its TLS certificate is not trusted (${code})`,
      {
        hint: 'For a private CA, point NODE_EXTRA_CA_CERTS at its PEM file; otherwise check the URL.',
        cause: error,
        details,
      },
    )
  }
  if (code?.startsWith('HPE_') === true) {
    return new SkillshipError(
      RegistryErrorCode.Protocol,
      `The registry at ${url.host} sent a malformed HTTP answer (${code})`,
      { hint: 'Another service or a proxy may be answering at this URL.', cause: error, details },
    )
  }
  if (!(error instanceof TypeError) && !isNetworkErrorCode(code)) {
    return undefined
  }
  return new SkillshipError(
    RegistryErrorCode.Unreachable,
    `Cannot reach the registry at ${url.host}${code === undefined ? '' : ` (${code})`}`,
    { hint: 'Check the registry URL and your network connection.', cause: error, details },
  )
}
