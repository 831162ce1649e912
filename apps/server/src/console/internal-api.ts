import { SkillshipError } from '@skillship/core'
import type { ConsoleSession } from './session.js'

/** What the console needs of the registry app: its in-process `request` (Hono's `app.request`). */
export type AppRequest = (path: string, init: RequestInit) => Response | Promise<Response>

/** One API answer: the status, and the JSON body (or the API's error code) when there is one. */
export interface ApiAnswer<T> {
  readonly status: number
  readonly body: T | undefined
  /** The API's `error.code` on a non-2xx answer, e.g. REGISTRY_FORBIDDEN. */
  readonly code: string | undefined
}

/**
 * The console reads and changes everything through the registry's own routes, in process, as the
 * signed-in token (Bearer) or anonymously: access rules, validation and scopes stay the API's
 * alone. The answers are the API's wire documents, checked there by the same schemas.
 */
export interface InternalApi {
  get<T>(path: string): Promise<ApiAnswer<T>>
  send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<ApiAnswer<T>>
}

export function internalApi(request: AppRequest, session: ConsoleSession | undefined): InternalApi {
  const headers = (withBody: boolean): Record<string, string> => ({
    ...(session === undefined ? {} : { authorization: `Bearer ${session.secret}` }),
    ...(withBody ? { 'content-type': 'application/json' } : {}),
  })
  const call = async <T>(path: string, init: RequestInit): Promise<ApiAnswer<T>> => {
    const response = await request(path, init)
    const text = response.status === 204 ? '' : await response.text()
    const json: unknown = text === '' ? undefined : JSON.parse(text)
    if (response.ok) return { status: response.status, body: json as T, code: undefined }
    return { status: response.status, body: undefined, code: errorCodeOf(json) }
  }
  return {
    get: (path) => call(path, { method: 'GET', headers: headers(false) }),
    send: (method, path, body) =>
      call(path, {
        method,
        headers: headers(body !== undefined),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  }
}

/**
 * An API refusal that the page must answer with the same status (503 busy or not ready), as the
 * coded error the console's error page renders: a busy search stays a 503 with Retry-After.
 */
export function unavailable(answer: ApiAnswer<unknown>): SkillshipError | undefined {
  if (answer.status !== 503 || answer.code === undefined) return undefined
  return new SkillshipError(answer.code, 'The registry is busy or not ready', {
    hint: 'Retry in a few seconds.',
  })
}

function errorCodeOf(json: unknown): string | undefined {
  if (json === null || typeof json !== 'object') return undefined
  const error = (json as { error?: unknown }).error
  if (error === null || typeof error !== 'object') return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}
