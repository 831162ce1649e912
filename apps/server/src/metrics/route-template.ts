import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'

/** The `route` label of a request no route matched (404s of unknown paths, scanners). */
export const unmatchedRoute = 'unmatched'

/**
 * The route template that answered (or would have answered) the request: the last matched route
 * that is an endpoint rather than a middleware (`app.use` registers method ALL with a path ending
 * in `*`). Never the raw path, so the label's values are bounded by the routes the app declares;
 * `unmatched` when no endpoint matched.
 */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]
    if (route !== undefined && (route.method !== 'ALL' || !route.path.endsWith('*'))) {
      return route.path
    }
  }
  return unmatchedRoute
}
