import { RegistryErrorCode } from '@skillship/registry-client'
import { Hono } from 'hono'
import { authenticate } from '../auth/authenticate.js'
import {
  createSkillDocumentCache,
  type SkillDocumentCache,
} from '../documents/skill-document-cache.js'
import { errorResponse } from '../http/error-response.js'
import { registryError } from '../http/registry-error.js'
import { requestContext } from '../http/request-context.js'
import { registerDistTagRoutes } from '../routes/dist-tag-routes.js'
import { registerDocumentsRoute } from '../routes/documents-route.js'
import { registerHealthRoutes } from '../routes/health-routes.js'
import { registerPublishRoute } from '../routes/publish-route.js'
import { registerSkillRoutes } from '../routes/skill-routes.js'
import { registerTarballRoute } from '../routes/tarball-route.js'
import { registerTokenRoutes } from '../routes/token-routes.js'
import { registerVersionRoutes } from '../routes/version-routes.js'
import type { RegistryDeps } from './registry-deps.js'
import type { RegistryEnv } from './registry-env.js'

/**
 * The registry HTTP app: request ids, authentication, every route, and the single error mapper.
 * Holds no global state, so tests build one per case and call `app.request()` without a port.
 * `cache` is shared with the server's document fast path (http/document-fast-path.ts).
 */
export function createRegistryApp(
  deps: RegistryDeps,
  cache: SkillDocumentCache = createSkillDocumentCache(),
): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>()
  app.use('*', requestContext(deps.logger))
  registerHealthRoutes(app, deps)
  app.use('/v1/*', authenticate(deps.metadata))
  registerSkillRoutes(app, deps, cache)
  registerDocumentsRoute(app, deps, cache)
  registerTarballRoute(app, deps, cache)
  registerPublishRoute(app, deps, cache)
  registerDistTagRoutes(app, deps, cache)
  registerVersionRoutes(app, deps, cache)
  registerTokenRoutes(app, deps)
  app.notFound(() => {
    throw registryError(RegistryErrorCode.NotFound, 'No such route', {
      hint: 'See docs/registry-api.md for the routes.',
    })
  })
  app.onError((error, c) => errorResponse(error, c))
  return app
}
