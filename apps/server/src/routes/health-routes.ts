import type { ErrorBody } from '@skillship/registry-client'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import type { Context, Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requestLogger } from '../http/request-context.js'
import { lifecycleNotReady, type NotReadyReason } from '../lifecycle/lifecycle-not-ready.js'

/** A storage ping slower than this counts as unreachable (probes time out after 1 s by default). */
export const readinessPingTimeoutMs = 1000

const messages: Readonly<Record<NotReadyReason, string>> = {
  'shutting-down': 'The server is shutting down',
  'warming-up': 'The server is loading its most requested skills',
  'storage-unavailable': 'Storage does not answer',
}

/**
 * `/livez`: the process answers (never checks storage: an outage must not restart every replica);
 * 200 until the process stops, shutdown included. `/readyz`: 200 `{ status: 'ready' }` when
 * shutdown has not begun, warm-up is done and storage answers its ping within 1 s; otherwise 503
 * SERVE_NOT_READY with `details.reason` (`shutting-down`, `warming-up`, `storage-unavailable`), so
 * a load balancer stops sending traffic before the process stops accepting it.
 */
export function registerHealthRoutes(app: Hono<RegistryEnv>, deps: RegistryDeps): void {
  app.get('/livez', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    const reason =
      lifecycleNotReady(deps.lifecycle) ??
      ((await storageAnswers(c, deps)) ? undefined : 'storage-unavailable')
    if (reason === undefined) return c.json({ status: 'ready' })
    // Built here rather than thrown: the error mapper logs every 5xx at error level, and a probe
    // polling a warming or draining replica is expected, not an error.
    const body: ErrorBody = {
      error: {
        code: ServeErrorCode.NotReady,
        message: messages[reason],
        hint: 'Retry, or send the request to another replica.',
        details: { reason },
      },
    }
    return c.json(body, 503)
  })
}

async function storageAnswers(c: Context<RegistryEnv>, deps: RegistryDeps): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), readinessPingTimeoutMs)
  })
  const ping = deps.metadata.ping().then(
    () => 'ok' as const,
    (error: unknown) => ({ error }),
  )
  try {
    const outcome = await Promise.race([ping, slow])
    if (outcome === 'ok') return true
    requestLogger(c).warn(
      outcome === 'slow' ? { timeoutMs: readinessPingTimeoutMs } : { err: outcome.error },
      'readiness check failed: storage does not answer',
    )
    return false
  } finally {
    clearTimeout(timer)
  }
}
