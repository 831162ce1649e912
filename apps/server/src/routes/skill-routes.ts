import {
  checkWire,
  RegistryErrorCode,
  type SearchResponse,
  skillPatchSchema,
} from '@skillship/registry-client'
import type { Hono } from 'hono'
import { activityEntry } from '../activity/activity-entry.js'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requirePublish } from '../auth/access.js'
import { notFound, readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { readHeader } from '../http/read-header.js'
import { readJsonBody } from '../http/read-json-body.js'
import { registryError } from '../http/registry-error.js'
import { decodeCursor, encodeCursor } from './search-cursor.js'

/** `GET /v1/skills` (search), `GET /v1/skills/:name` (document, ETag/304), `PATCH /v1/skills/:name`. */
export function registerSkillRoutes(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  cache: SkillDocumentCache,
): void {
  app.get('/v1/skills', async (c) => {
    const limit = parseLimit(c.req.query('limit'))
    const cursor = c.req.query('cursor')
    const after = cursor === undefined || cursor === '' ? undefined : decodeCursor(cursor)
    const principal = c.get('principal')
    const privateNamePatterns = principal.scopes.flatMap((s) =>
      s.kind === 'admin' ? ['*'] : [s.pattern],
    )
    const rows = await deps.metadata.searchSkills({
      q: c.req.query('q') ?? '',
      limit: limit + 1,
      ...(after === undefined ? {} : { after }),
      privateNamePatterns,
    })
    const page = rows.slice(0, limit)
    const last = page[page.length - 1]
    const body: SearchResponse = {
      items: page.map((row) => ({
        name: row.name,
        description: row.description,
        latest: row.latest,
        private: row.private,
        updatedAt: row.updatedAt.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.name) : null,
    }
    return c.json(body)
  })

  app.get('/v1/skills/:name', async (c) => {
    const rendered = await readSkillDocument(deps, cache, c.get('principal'), c.req.param('name'))
    c.header('etag', rendered.etag)
    c.header('cache-control', rendered.skill.private ? 'private, no-cache' : 'public, max-age=30')
    if (readHeader(c, 'if-none-match') === rendered.etag) return c.body(null, 304)
    c.header('content-type', 'application/json; charset=utf-8')
    return c.body(rendered.body)
  })

  app.patch('/v1/skills/:name', async (c) => {
    const name = c.req.param('name')
    requirePublish(c.get('principal'), name)
    const body = checkWire(skillPatchSchema, await readJsonBody(c))
    if (!body.ok) {
      throw registryError(
        RegistryErrorCode.BadRequest,
        'The body must be { "private": true | false }',
        { details: { path: body.path } },
      )
    }
    const entry = activityEntry(deps, {
      actor: c.get('principal').tokenName ?? 'anonymous',
      action: 'visibility',
      target: name,
      skill: name,
      details: { private: body.value.private },
    })
    if (!(await deps.metadata.setPrivate(name, body.value.private, entry))) throw notFound(name)
    await deps.invalidation.publish(name)
    return c.json((await readSkillDocument(deps, cache, c.get('principal'), name)).document)
  })
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 20
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      `limit must be a whole number from 1 to 100, not '${raw}'`,
    )
  }
  return limit
}
