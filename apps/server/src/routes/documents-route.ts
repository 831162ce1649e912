import {
  checkWire,
  documentsRequestSchema,
  maxDocumentsPerRequest,
  RegistryErrorCode,
} from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { readSkillDocumentIfReadable } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { readJsonBody } from '../http/read-json-body.js'
import { registryError } from '../http/registry-error.js'

const encoder = new TextEncoder()

/**
 * `POST /v1/documents` `{ "names": [...] }`: many skill documents in one answer (an install reads a
 * whole manifest at once). Each name goes through the same cache and access check as
 * `GET /v1/skills/:name`; unknown and unreadable names are listed in `missing` alike. The answer
 * is spliced from the cached document bytes, never re-serialised.
 */
export function registerDocumentsRoute(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  cache: SkillDocumentCache,
): void {
  app.post('/v1/documents', async (c) => {
    const names = readNames(await readJsonBody(c))
    const principal = c.get('principal')
    const parts: Uint8Array[] = [encoder.encode('{"documents":{')]
    const missing: string[] = []
    let first = true
    for (const name of names) {
      const rendered = await readSkillDocumentIfReadable(deps, cache, principal, name)
      if (rendered === undefined) {
        missing.push(name)
        continue
      }
      parts.push(encoder.encode(`${first ? '' : ','}${JSON.stringify(name)}:`), rendered.body)
      first = false
    }
    parts.push(encoder.encode(`},"missing":${JSON.stringify(missing)}}`))
    c.header('content-type', 'application/json; charset=utf-8')
    c.header('cache-control', 'private, no-cache')
    return c.body(Buffer.concat(parts))
  })
}

function readNames(body: Record<string, unknown>): string[] {
  const checked = checkWire(documentsRequestSchema, body)
  if (!checked.ok) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      'The body must be { "names": ["skill", ...] } with non-empty names',
      { details: { path: checked.path } },
    )
  }
  const { names } = checked.value
  if (names.length > maxDocumentsPerRequest) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      `At most ${maxDocumentsPerRequest} names per request, not ${names.length}`,
      { hint: 'Split the list; the client does this for you.' },
    )
  }
  return [...new Set(names)]
}
