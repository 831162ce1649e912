import { RegistryErrorCode } from '@skillship/registry-client'
import { Hono } from 'hono'
import { authenticate } from '../auth/authenticate.js'
import { sharedConsoleAssets } from '../console/console-assets.js'
import { registerConsole } from '../console/register-console.js'
import { createExperimentLoader } from '../experiments/experiment-loader.js'
import { createCostlyRouteLimits, limitConcurrency } from '../http/concurrency-limit.js'
import { errorResponse } from '../http/error-response.js'
import { registryError } from '../http/registry-error.js'
import { requestContext } from '../http/request-context.js'
import { createServingCaches, type ServingCaches } from '../load/create-serving-caches.js'
import { registerMcpRoute } from '../mcp/register-mcp-route.js'
import { countPublishes } from '../metrics/count-publishes.js'
import { httpMetricsMiddleware } from '../metrics/http-metrics-middleware.js'
import { registerActivityRoute } from '../routes/activity-route.js'
import { registerAuditRoute } from '../routes/audit-route.js'
import { registerDistTagRoutes } from '../routes/dist-tag-routes.js'
import { registerDocumentsRoute } from '../routes/documents-route.js'
import { registerEventsRoute } from '../routes/events-route.js'
import { registerExperimentRoutes } from '../routes/experiment-routes.js'
import { registerHealthRoutes } from '../routes/health-routes.js'
import { registerLoadRoutes } from '../routes/load-routes.js'
import { registerMetricsRoute } from '../routes/metrics-route.js'
import { registerPublishRoute } from '../routes/publish-route.js'
import { registerSignatureRoutes } from '../routes/signature-routes.js'
import { registerSkillRoutes } from '../routes/skill-routes.js'
import { registerStatsRoutes } from '../routes/stats-routes.js'
import { registerTarballRoute } from '../routes/tarball-route.js'
import { registerTokenRoutes } from '../routes/token-routes.js'
import { registerVerdictsRoute } from '../routes/verdicts-route.js'
import { registerVersionRoutes } from '../routes/version-routes.js'
import type { RegistryDeps } from './registry-deps.js'
import type { RegistryEnv } from './registry-env.js'

/**
 * The registry HTTP app: request ids, metrics, authentication, every route (registry, load API,
 * MCP at /mcp, health, /metrics; experiments and events when `deps.experiments` is set), the
 * concurrency limits of the costly routes (`deps.limits`), the web console at `/` (console/),
 * and the single error mapper.
 * Holds no global state, so tests build one per case and call `app.request()` without a port.
 * `caches` (the document cache and the skill loader, subscribed to `deps.invalidation`) are
 * shared with the server's fast paths (http/document-fast-path.ts, http/load-fast-path.ts).
 */
export function createRegistryApp(
  deps: RegistryDeps,
  caches: ServingCaches = createServingCaches(deps),
): Hono<RegistryEnv> {
  const cache = caches.documents
  const limits = deps.limits ?? createCostlyRouteLimits()
  const app = new Hono<RegistryEnv>()
  if (deps.metrics) app.use('*', httpMetricsMiddleware(deps.metrics))
  app.use('*', requestContext(deps.logger, { accessLogSample: deps.accessLogSample ?? 0 }))
  // Health first and never limited; the costly anonymous routes wait for a bounded slot or get
  // 503 SERVE_BUSY at once, so that a flood of them cannot starve the probes.
  registerHealthRoutes(app, deps)
  app.get('/metrics', limitConcurrency(limits.metrics))
  app.get('/v1/skills', limitConcurrency(limits.search))
  app.post('/mcp', limitConcurrency(limits.mcp))
  if (deps.metrics) registerMetricsRoute(app, deps.metrics, limits.metricsAnswers)
  app.use('/v1/*', authenticate(deps.metadata))
  registerSkillRoutes(app, deps, cache)
  registerDocumentsRoute(app, deps, cache)
  registerVerdictsRoute(app, deps, cache)
  registerTarballRoute(app, deps, cache)
  registerAuditRoute(app, deps, cache)
  if (deps.metrics) app.put('/v1/skills/:name', countPublishes(deps.metrics))
  registerPublishRoute(app, deps)
  registerDistTagRoutes(app, deps, cache)
  registerVersionRoutes(app, deps, cache)
  registerTokenRoutes(app, deps)
  if (deps.stats !== undefined) registerStatsRoutes(app, deps, deps.stats, cache)
  if (deps.activity !== undefined) registerActivityRoute(app, deps.activity)
  registerSignatureRoutes(app, deps, cache)
  const { experiments } = deps
  if (experiments !== undefined) {
    registerExperimentRoutes(app, deps, experiments, cache)
    registerEventsRoute(app, experiments)
  }
  // Loads of a skill with a running experiment serve the caller's arm (experiments/).
  const loader =
    experiments === undefined ? caches.loader : createExperimentLoader(deps, caches, experiments)
  registerLoadRoutes(app, loader)
  registerMcpRoute(app, deps, loader, { serverVersion: deps.version ?? '0.0.0' })
  registerConsole(app, {
    request: (path, init) => app.request(path, init),
    metadata: deps.metadata,
    loader: caches.loader,
    assets: deps.console?.assets ?? sharedConsoleAssets(),
    session: { trustProxy: deps.console?.trustProxy ?? false },
  })
  app.notFound(() => {
    throw registryError(RegistryErrorCode.NotFound, 'No such route', {
      hint: 'See docs/registry-api.md for the routes.',
    })
  })
  app.onError((error, c) => errorResponse(error, c))
  return app
}
