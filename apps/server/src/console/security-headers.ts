import type { MiddlewareHandler } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'

/**
 * No inline script or style anywhere (islands are files under /assets), nothing loaded from
 * another origin, forms only to us, never framed. `style-src 'self'` still lets the chart library
 * set element styles from script (CSSOM), which CSP does not govern.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The headers of every console answer (pages, fragments, assets, redirects). */
export function consoleSecurityHeaders(): MiddlewareHandler<RegistryEnv> {
  return async (c, next) => {
    await next()
    c.header('content-security-policy', contentSecurityPolicy)
    c.header('x-content-type-options', 'nosniff')
    c.header('x-frame-options', 'DENY')
    c.header('referrer-policy', 'same-origin')
    c.header('cross-origin-opener-policy', 'same-origin')
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'private, no-store')
  }
}
