import type { ErrorBody } from '@skillship/registry-client'
import { RegistryErrorCode, ServeErrorCode } from '@skillship/registry-client/errors'
import type { NotReadyReason } from '../lifecycle/lifecycle-not-ready.js'
import type { HealthSnapshot } from './health-state.js'

/** Why /readyz fails: the main thread's reasons, or, on the health listener, a stalled main loop. */
export type HealthNotReadyReason = NotReadyReason | 'event-loop-stalled'

const messages: Readonly<Record<HealthNotReadyReason, string>> = {
  'shutting-down': 'The server is shutting down',
  'warming-up': 'The server is loading its most requested skills',
  'storage-unavailable': 'Storage does not answer',
  'event-loop-stalled': "The server's main event loop has not answered its heartbeat",
}

/** The 503 body of a failing `/readyz` (both listeners answer the same). */
export function notReadyBody(reason: HealthNotReadyReason): ErrorBody {
  return {
    error: {
      code: ServeErrorCode.NotReady,
      message: messages[reason],
      hint: 'Retry, or send the request to another replica.',
      details: { reason },
    },
  }
}

/** One answer of the health listener: status and JSON body. */
export interface HealthAnswer {
  /** The path answered (`/livez`, `/readyz`), undefined for a refusal. */
  readonly route?: string
  readonly status: number
  readonly body: unknown
}

/** What the health listener looks at in a request. */
export interface HealthRequest {
  readonly method: string | undefined
  readonly url: string | undefined
  /** True when the request announces a body (Content-Length above 0 or Transfer-Encoding). */
  readonly hasBody: boolean
}

/**
 * The health listener's whole routing: `GET`/`HEAD` of `/livez` and `/readyz` (query ignored);
 * anything else 404 REGISTRY_NOT_FOUND, as the main listener answers it; a request with a body
 * 413 REGISTRY_PAYLOAD_TOO_LARGE (nothing is read). `/livez`: 200 while the main thread's
 * heartbeat is at most `staleMs` old, else 503 SERVE_STALLED. `/readyz`: the main thread's
 * readiness, and 503 SERVE_NOT_READY `event-loop-stalled` when the heartbeat is stale.
 */
export function healthAnswer(
  request: HealthRequest,
  snapshot: HealthSnapshot,
  staleMs: number,
  nowMs: number,
): HealthAnswer {
  const path = (request.url ?? '').split('?', 1)[0]
  const known = path === '/livez' || path === '/readyz'
  if (!known || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound
  if (request.hasBody) return tooLarge
  const heartbeatAgeMs = Math.max(0, nowMs - snapshot.heartbeatMs)
  const stalled = heartbeatAgeMs > staleMs
  if (path === '/livez') {
    return stalled
      ? stalledAnswer(heartbeatAgeMs, staleMs)
      : { status: 200, body: { status: 'ok' } }
  }
  const reason = stalled ? 'event-loop-stalled' : snapshot.notReady
  if (reason === undefined) return { route: path, status: 200, body: { status: 'ready' } }
  return { route: path, status: 503, body: notReadyBody(reason) }
}

const notFound: HealthAnswer = {
  status: 404,
  body: {
    error: {
      code: RegistryErrorCode.NotFound,
      message: 'No such route on the health listener',
      hint: 'It answers GET /livez and GET /readyz only (docs/metrics.md#health).',
    },
  } satisfies ErrorBody,
}

const tooLarge: HealthAnswer = {
  status: 413,
  body: {
    error: {
      code: RegistryErrorCode.PayloadTooLarge,
      message: 'Health probes carry no body',
      hint: 'Send GET /livez or GET /readyz without a body.',
    },
  } satisfies ErrorBody,
}

function stalledAnswer(heartbeatAgeMs: number, staleMs: number): HealthAnswer {
  const body: ErrorBody = {
    error: {
      code: ServeErrorCode.Stalled,
      message: `The server's main event loop has not beaten for ${heartbeatAgeMs} ms (threshold ${staleMs} ms)`,
      hint: 'The process is wedged; restart it (Kubernetes does, on this failing liveness probe).',
      details: { heartbeatAgeMs, staleMs },
    },
  }
  return { route: '/livez', status: 503, body }
}
