import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { ExperimentService } from '../experiments/experiment-service.js'
import type { CachingSkillLoader } from '../load/create-skill-loader.js'
import { acceptableRequestId } from './request-context.js'

const loadPath = /^\/v1\/load\/([a-z0-9][a-z0-9-]{0,63})$/

/**
 * The hottest serving request, answered below the framework: an anonymous `GET /v1/load/:name`
 * (no query, no `X-Skillship-User`) whose answer the loader holds and may serve without asking
 * storage (see CachingSkillLoader.loadCachedLatest, which also counts and observes the load). It
 * sends the same bytes and headers as the Hono route (routes/load-routes.ts; a test compares
 * them). Returns false, touching nothing, for every other request, which then goes to the Hono
 * app. Off while debug request logging is on, so every request is logged then. With
 * `experiments`, it also declines unless the skill is known to run no experiment (the app then
 * serves the control's version, which need not be `latest`).
 */
export function createLoadFastPath(
  loader: CachingSkillLoader,
  logger: Logger,
  experiments?: Pick<ExperimentService, 'runningCached'>,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const name = fastPathName(request)
    if (name === undefined || logger.isLevelEnabled('debug')) return false
    if (experiments !== undefined && experiments.runningCached(name) !== null) return false
    const skill = loader.loadCachedLatest(name)
    if (skill === undefined) return false
    const given = request.headers['x-request-id']
    const requestId =
      typeof given === 'string' && acceptableRequestId.test(given) ? given : randomUUID()
    // Literal header objects: spreading a shared one costs about a microsecond per request.
    if (request.headers['if-none-match'] === skill.etag) {
      response
        .writeHead(304, {
          'x-request-id': requestId,
          etag: skill.etag,
          'cache-control': 'public, max-age=30',
        })
        .end()
      return true
    }
    response
      .writeHead(200, {
        'x-request-id': requestId,
        etag: skill.etag,
        'cache-control': 'public, max-age=30',
        'content-type': 'application/json; charset=utf-8',
        'content-length': skill.json.byteLength,
      })
      .end(skill.json)
    return true
  }
}

// The skill of an anonymous `GET /v1/load/:name` without query or user, else undefined.
function fastPathName(request: IncomingMessage): string | undefined {
  if (
    request.method !== 'GET' ||
    request.headers.authorization !== undefined ||
    request.headers['x-skillship-user'] !== undefined
  )
    return undefined
  return loadPath.exec(request.url ?? '')?.[1]
}
