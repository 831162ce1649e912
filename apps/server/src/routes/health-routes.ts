import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requestLogger } from '../http/request-context.js'

/**
 * `/livez`: the process answers. `/readyz`: storage answers and shutdown has not begun (503
 * otherwise, so a load balancer stops sending traffic before the process stops accepting it).
 */
export function registerHealthRoutes(app: Hono<RegistryEnv>, deps: RegistryDeps): void {
  app.get('/livez', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    if (deps.lifecycle.shuttingDown) return c.json({ status: 'shutting-down' }, 503)
    try {
      await deps.metadata.ping()
    } catch (error) {
      requestLogger(c).warn({ err: error }, 'readiness check failed: storage does not answer')
      return c.json({ status: 'storage-unavailable' }, 503)
    }
    return c.json({ status: 'ready' })
  })
}
