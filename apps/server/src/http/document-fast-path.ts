import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { acceptableRequestId } from './request-context.js'

const documentPath = /^\/v1\/skills\/([a-z0-9][a-z0-9-]{0,63})$/

/**
 * The hottest request, answered below the framework: an anonymous `GET /v1/skills/:name` of a
 * public skill whose rendered document is cached, on embedded storage (where the cache is exact).
 * It sends the same bytes and headers as the Hono route (see skill-routes.ts; a test compares
 * them) at about the CPU cost of a bare node:http server. Returns false, touching nothing, for
 * every other request, which then goes to the Hono app. Off while debug request logging is on.
 */
export function createDocumentFastPath(
  deps: RegistryDeps,
  cache: SkillDocumentCache,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    if (
      request.method !== 'GET' ||
      deps.sharedStorage ||
      request.headers.authorization !== undefined ||
      // Asked before the cache: drops entries another process's write made stale.
      !deps.invalidation.isLive()
    )
      return false
    const name = documentPath.exec(request.url ?? '')?.[1]
    const rendered = name === undefined ? undefined : cache.get(name)
    if (!rendered || rendered.skill.private || deps.logger.isLevelEnabled('debug')) return false
    const given = request.headers['x-request-id']
    const requestId =
      typeof given === 'string' && acceptableRequestId.test(given) ? given : randomUUID()
    const headers = {
      'x-request-id': requestId,
      etag: rendered.etag,
      'cache-control': 'public, max-age=30',
    }
    if (request.headers['if-none-match'] === rendered.etag) {
      response.writeHead(304, headers).end()
      return true
    }
    response
      .writeHead(200, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': rendered.body.byteLength,
      })
      .end(rendered.body)
    return true
  }
}
