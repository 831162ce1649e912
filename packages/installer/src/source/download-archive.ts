import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { isAllowedDownloadUrl } from '../shared/helpers.js'

export interface DownloadArchiveOptions {
  readonly maxBytes: number
  readonly timeoutMs: number
  readonly fetch: typeof fetch
}

/**
 * Downloads `url` whole, refusing more than `maxBytes` (checked against Content-Length first, then
 * while reading). Non-2xx answers, network errors, timeouts, oversize bodies and redirects to a
 * plain-http host all throw INSTALL_FETCH_FAILED (network errors with the cause).
 */
export async function downloadArchive(
  url: URL,
  options: DownloadArchiveOptions,
): Promise<Uint8Array> {
  let response: Response
  try {
    response = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) })
  } catch (error) {
    throw fetchFailed(url, 'the request failed', { cause: error })
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw fetchFailed(url, `the server answered ${response.status}`, { status: response.status })
  }
  if (!isAllowedDownloadUrl(new URL(response.url || url.href))) {
    await response.body?.cancel()
    throw fetchFailed(url, `it redirected to ${response.url}, which is not https`)
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > options.maxBytes) {
    await response.body?.cancel()
    throw tooLarge(url, options.maxBytes)
  }
  return readLimited(url, response, options.maxBytes)
}

async function readLimited(url: URL, response: Response, maxBytes: number): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array()
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      total += read.value.byteLength
      if (total > maxBytes) {
        await reader.cancel()
        throw tooLarge(url, maxBytes)
      }
      chunks.push(read.value)
    }
  } catch (error) {
    if (error instanceof SkillshipError) throw error
    throw fetchFailed(url, 'the download broke off', { cause: error })
  }
  return Buffer.concat(chunks, total)
}

function tooLarge(url: URL, maxBytes: number): SkillshipError {
  return fetchFailed(url, `it is larger than the ${maxBytes}-byte limit`, { maxBytes })
}

function fetchFailed(
  url: URL,
  reason: string,
  extra: { readonly cause?: unknown; readonly [key: string]: unknown } = {},
): SkillshipError {
  const { cause, ...details } = extra
  return new SkillshipError(
    InstallErrorCode.FetchFailed,
    `Could not download ${url.href}: ${reason}`,
    {
      hint: 'Check the URL and your network, then retry.',
      details: { url: url.href, ...details },
      ...(cause === undefined ? {} : { cause }),
    },
  )
}
