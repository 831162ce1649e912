import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { notReadyBody } from '../health/health-answers.js'
import { storageAnswers } from '../health/health-reporter.js'
import { requestLogger } from '../http/request-context.js'
import { lifecycleNotReady } from '../lifecycle/lifecycle-not-ready.js'

/**
 * `/livez`: the process answers (never checks storage: an outage must not restart every replica);
 * 200 until the process stops, shutdown included. `/readyz`: 200 `{ status: 'ready' }` when
 * shutdown has not begun, warm-up is done and storage answers its ping within 1 s (pinged per
 * probe here; the health listener of health/ answers from the main thread's last ping); otherwise
 * 503 SERVE_NOT_READY with `details.reason` (`shutting-down`, `warming-up`, `storage-unavailable`),
 * so a load balancer stops sending traffic before the process stops accepting it.
 */
export function registerHealthRoutes(app: Hono<RegistryEnv>, deps: RegistryDeps): void {
  app.get('/livez', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    const reason =
      lifecycleNotReady(deps.lifecycle) ??
      ((await storageAnswers(() => deps.metadata.ping(), requestLogger(c)))
        ? undefined
        : 'storage-unavailable')
    if (reason === undefined) return c.json({ status: 'ready' })
    // Built here rather than thrown: the error mapper logs every 5xx at error level, and a probe
    // polling a warming or draining replica is expected, not an error.
    return c.json(notReadyBody(reason), 503)
  })
}
