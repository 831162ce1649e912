import { randomUUID } from 'node:crypto'
import type { SkillshipError } from '@skillship/core'
import type { ErrorBody } from '@skillship/registry-client'
import {
  type FastPath,
  type FastPathInstruments,
  instrumentFastPath,
} from '../metrics/instrument-fast-path.js'
import type { CostlyRouteLimits } from './concurrency-limit.js'
import { retryAfterSeconds } from './error-response.js'
import { acceptableRequestId } from './request-context.js'

/** A costly route as the raw request listener sees it. */
export interface BusyRoute {
  readonly method: string
  /** The path, matched exactly (a query string may follow). */
  readonly path: string
  /** The SERVE_BUSY error the app's limits would refuse a request with now, or undefined. */
  refusal(): SkillshipError | undefined
}

/**
 * Refuses, below the framework, a request to `route` that the app's own limit would refuse
 * anyway: 503 with `Retry-After` and the body the app's error mapper sends for that error, but
 * without Hono's routing, middleware and Response objects, which were most of a refusal's cost
 * under a flood (bench/hardening.ts). Returns false, touching nothing, for every other request and
 * whenever the limit has room (the app then admits or queues it, and still refuses when a race
 * fills the limit in between). An unread request body is discarded by Node after the answer.
 */
export function createBusyFastPath(route: BusyRoute): FastPath {
  const prefix = `${route.path}?`
  const bodies = new WeakMap<SkillshipError, Buffer>()
  return (request, response) => {
    if (request.method !== route.method) return false
    const url = request.url ?? ''
    if (url !== route.path && !url.startsWith(prefix)) return false
    const error = route.refusal()
    if (error === undefined) return false
    let body = bodies.get(error)
    if (body === undefined) {
      body = Buffer.from(JSON.stringify(errorBody(error)))
      bodies.set(error, body)
    }
    const given = request.headers['x-request-id']
    const requestId =
      typeof given === 'string' && acceptableRequestId.test(given) ? given : randomUUID()
    response
      .writeHead(503, {
        'x-request-id': requestId,
        'retry-after': String(retryAfterSeconds),
        'content-type': 'application/json',
        'content-length': body.byteLength,
      })
      .end(body)
    return true
  }
}

function errorBody(error: SkillshipError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  }
}

/**
 * The costly routes of {@link CostlyRouteLimits} with their route templates (for the metrics):
 * `GET /metrics` (its concurrency limit, then its answer budget), `POST /mcp` and
 * `GET /v1/skills` (search). The console's search reaches `/v1/skills` in process, under the same
 * limit, and is refused by the app (it answers a page, not a JSON body).
 */
export function costlyRoutes(
  limits: CostlyRouteLimits,
): readonly (BusyRoute & { template: string })[] {
  const full = (limit: CostlyRouteLimits['mcp']) => (limit.full() ? limit.refusal : undefined)
  return [
    {
      method: 'GET',
      path: '/metrics',
      template: '/metrics',
      refusal: () =>
        full(limits.metrics) ??
        (limits.metricsAnswers.exhausted() ? limits.metricsAnswers.refusal : undefined),
    },
    { method: 'POST', path: '/mcp', template: '/mcp', refusal: () => full(limits.mcp) },
    {
      method: 'GET',
      path: '/v1/skills',
      template: '/v1/skills',
      refusal: () => full(limits.search),
    },
  ]
}

/**
 * The raw listener's refusals of every costly route (the server's, and bench/refusal-cpu.ts'),
 * each instrumented under its route template as the app would record it.
 */
export function createBusyRefusals(
  limits: CostlyRouteLimits,
  instruments: Omit<FastPathInstruments, 'route'>,
): readonly FastPath[] {
  return costlyRoutes(limits).map((route) =>
    instrumentFastPath(createBusyFastPath(route), { ...instruments, route: route.template }),
  )
}
