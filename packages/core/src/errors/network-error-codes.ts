// Node system error codes that mean "the other side gave no answer" (refused, reset, unknown
// host, timed out, unreachable), as opposed to an error in what was asked.
const networkErrorCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
])

/** True when a system error code means the peer could not be reached (shared by every client). */
export function isNetworkErrorCode(code: string | undefined): boolean {
  return code !== undefined && networkErrorCodes.has(code)
}
