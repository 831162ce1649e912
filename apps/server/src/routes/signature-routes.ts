import { RegistryErrorCode, type RegistryKeysResponse } from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { registryError } from '../http/registry-error.js'
import { registerPublisherKeyRoutes } from './publisher-key-routes.js'

/**
 * The routes of signed skills (docs/registry-api.md, "Signatures"): `GET /v1/keys` (the
 * registry's public keys, anonymous), the publisher key routes, and
 * `GET /v1/skills/:name/versions/:version/bundle` (a version's publisher bundle, with the
 * skill's read access).
 */
export function registerSignatureRoutes(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  documents: SkillDocumentCache,
): void {
  app.get('/v1/keys', (c) => {
    const body: RegistryKeysResponse = { keys: deps.registryKeys?.documents() ?? [] }
    return c.json(body)
  })
  registerPublisherKeyRoutes(app, deps)
  app.get('/v1/skills/:name/versions/:version/bundle', async (c) => {
    const { name, version } = c.req.param()
    await readSkillDocument(deps, documents, c.get('principal'), name)
    const bundle = await deps.metadata.getPublisherBundle(name, version)
    if (bundle === undefined) {
      throw registryError(RegistryErrorCode.VersionNotFound, `${name}@${version} has no bundle`, {
        hint: 'Only versions published with `skillship publish --sign` have one.',
      })
    }
    c.header('cache-control', 'private, max-age=300')
    return c.body(bundle, 200, { 'content-type': 'application/json' })
  })
}
