import type { CreatedToken, ExperimentDocument } from '@skillship/registry-client'
import type { Context, Hono } from 'hono'
import { compress } from 'hono/compress'
import { deleteCookie, getCookie } from 'hono/cookie'
import type { RegistryEnv } from '../app/registry-env.js'
import { hashTokenSecret } from '../auth/token-secret.js'
import type { ConsoleDeps, PageContext } from './console-context.js'
import { checkCsrf, readForm } from './console-forms.js'
import { html, segment } from './html.js'
import { internalApi } from './internal-api.js'
import { notice } from './layout.js'
import { activityPage } from './pages/activity-page.js'
import { adminPage } from './pages/admin-page.js'
import { catalogPage, catalogResults, readCatalogQuery } from './pages/catalog-page.js'
import { experimentPage } from './pages/experiment-page.js'
import {
  experimentRequestFrom,
  experimentsPage,
  newExperimentPage,
} from './pages/experiments-page.js'
import type { PageResult } from './pages/page-result.js'
import { safeNext, signInPage } from './pages/sign-in-page.js'
import { skillPage } from './pages/skill-page.js'
import { createRenderCache } from './render-cache.js'
import { renderErrorPage, renderPage } from './render-page.js'
import { consoleSecurityHeaders } from './security-headers.js'
import {
  endSession,
  isPlausibleSecret,
  preSessionCookie,
  preSessionCsrf,
  readSession,
  startSession,
} from './session.js'

/** Every path the console answers; the API keeps /v1, /mcp, /metrics, /livez and /readyz. */
export const consolePaths = [
  '/',
  '/skills/*',
  '/experiments',
  '/experiments/*',
  '/activity',
  '/admin',
  '/admin/*',
  '/sign-in',
  '/sign-out',
  '/-/*',
  '/assets/*',
] as const

type Handler = (ctx: PageContext) => Promise<PageResult | Response>

/**
 * Mounts the web console (docs/console.md) on the registry app: server-rendered pages over the
 * registry's own routes (in process, as the session's token), the catalog fragment that search
 * as you type fetches, the built assets, and sign-in/out. Registered before the app's notFound.
 */
export function registerConsole(
  app: Hono<RegistryEnv>,
  options: Omit<ConsoleDeps, 'renders'>,
): void {
  const deps: ConsoleDeps = { ...options, renders: createRenderCache() }
  for (const path of consolePaths) app.use(path, consoleSecurityHeaders())
  for (const path of consolePaths) if (path !== '/assets/*') app.use(path, compress())
  const route = (method: 'get' | 'post', path: string, handler: Handler) =>
    app[method](path, async (c) => {
      const session = await readSession(c, deps.metadata)
      const ctx: PageContext = { c, deps, session, api: internalApi(deps.request, session) }
      try {
        const result = await handler(ctx)
        return result instanceof Response ? result : renderPage(ctx, result)
      } catch (error) {
        return renderErrorPage(ctx, c, error)
      }
    })
  registerPages(route)
  registerActions(route, deps)
  registerExperimentActions(route)
  registerTokenActions(route)
  registerAssets(app, deps)
}

type Route = (method: 'get' | 'post', path: string, handler: Handler) => void

function registerPages(route: Route): void {
  route('get', '/', async (ctx) => ({
    status: 200,
    title: 'Skills',
    body: await catalogPage(ctx, readCatalogQuery(new URL(ctx.c.req.url))),
    islands: ['catalog'],
  }))
  route('get', '/-/catalog-results', async (ctx) =>
    ctx.c.html((await catalogResults(ctx, readCatalogQuery(new URL(ctx.c.req.url)))).value),
  )
  route('get', '/skills/:name', (ctx) =>
    skillPage(ctx, ctx.c.req.param('name') ?? '', {
      version: ctx.c.req.query('version'),
      file: ctx.c.req.query('file'),
    }),
  )
  route('get', '/experiments', (ctx) => experimentsPage(ctx, ctx.c.req.query('skill') ?? ''))
  route('get', '/experiments/new', async (ctx) =>
    newExperimentPage(ctx, { skill: ctx.c.req.query('skill') ?? '' }),
  )
  route('get', '/experiments/:key', (ctx) => experimentPage(ctx, ctx.c.req.param('key') ?? ''))
  route('get', '/activity', (ctx) => activityPage(ctx, ctx.c.req.query('before') ?? ''))
  route('get', '/admin', (ctx) => adminPage(ctx))
  route('get', '/sign-in', async (ctx) =>
    signInPage(preSessionCsrf(ctx.c, ctx.deps.session), safeNext(ctx.c.req.query('next'))),
  )
}

function registerActions(route: Route, deps: ConsoleDeps): void {
  route('post', '/sign-in', async (ctx) => {
    const form = await readForm(ctx.c)
    checkCsrf(ctx.c, form, getCookie(ctx.c, preSessionCookie))
    const secret = (form['token'] ?? '').trim()
    const next = safeNext(form['next'])
    const token = isPlausibleSecret(secret)
      ? await deps.metadata.findTokenByHash(hashTokenSecret(secret))
      : undefined
    if (token === undefined) {
      return signInPage(preSessionCsrf(ctx.c, deps.session), next, 'That token is not valid.')
    }
    startSession(ctx.c, secret, deps.session)
    deleteCookie(ctx.c, preSessionCookie, { path: '/' })
    return ctx.c.redirect(next, 303)
  })
  route('post', '/sign-out', async (ctx) => {
    checkCsrf(ctx.c, await readForm(ctx.c), ctx.session?.csrf)
    endSession(ctx.c)
    return ctx.c.redirect('/', 303)
  })
}

function registerExperimentActions(route: Route): void {
  route('post', '/experiments', async (ctx) => {
    const form = await readForm(ctx.c)
    checkCsrf(ctx.c, form, ctx.session?.csrf)
    const answer = await ctx.api.send<ExperimentDocument>(
      'POST',
      '/v1/experiments',
      experimentRequestFrom(form),
    )
    if (answer.body === undefined)
      return newExperimentPage(
        ctx,
        form,
        `The registry refused it: ${answer.code ?? answer.status}.`,
      )
    return ctx.c.redirect(`/experiments/${segment(answer.body.key)}`, 303)
  })
  route('post', '/experiments/:key/:action', async (ctx) => {
    const form = await readForm(ctx.c)
    checkCsrf(ctx.c, form, ctx.session?.csrf)
    const key = ctx.c.req.param('key') ?? ''
    const action = ctx.c.req.param('action') ?? ''
    if (!['start', 'stop', 'promote', 'rollback'].includes(action)) return ctx.c.notFound()
    const variant = action === 'promote' ? form['variant'] : undefined
    const answer = await ctx.api.send(
      'POST',
      `/v1/experiments/${segment(key)}/${action}`,
      variant === undefined || variant === '' ? undefined : { variant },
    )
    if (answer.status >= 400) return actionRefused(answer.code ?? String(answer.status))
    return ctx.c.redirect(`/experiments/${segment(key)}`, 303)
  })
}

function registerTokenActions(route: Route): void {
  route('post', '/admin/tokens', async (ctx) => {
    const form = await readForm(ctx.c)
    checkCsrf(ctx.c, form, ctx.session?.csrf)
    const scopes = (form['scopes'] ?? '').split(/\s+/).filter((s) => s !== '')
    const answer = await ctx.api.send<CreatedToken>('POST', '/v1/tokens', {
      name: form['name'] ?? '',
      scopes,
    })
    if (answer.body === undefined)
      return adminPage(ctx, undefined, `The registry refused it: ${answer.code ?? answer.status}.`)
    return adminPage(ctx, answer.body)
  })
  route('post', '/admin/tokens/:id/revoke', async (ctx) => {
    checkCsrf(ctx.c, await readForm(ctx.c), ctx.session?.csrf)
    const answer = await ctx.api.send(
      'DELETE',
      `/v1/tokens/${segment(ctx.c.req.param('id') ?? '')}`,
    )
    if (answer.status >= 400) return actionRefused(answer.code ?? String(answer.status))
    return ctx.c.redirect('/admin', 303)
  })
  route('post', '/admin/keys/:keyId/revoke', async (ctx) => {
    checkCsrf(ctx.c, await readForm(ctx.c), ctx.session?.csrf)
    const answer = await ctx.api.send(
      'DELETE',
      `/v1/keys/publishers/${segment(ctx.c.req.param('keyId') ?? '')}`,
    )
    if (answer.status >= 400) return actionRefused(answer.code ?? String(answer.status))
    return ctx.c.redirect('/admin#keys-h', 303)
  })
}

// The API's refusal of a posted action, as a page naming its code.
function actionRefused(code: string): PageResult {
  return {
    status: code === 'REGISTRY_UNAUTHORIZED' ? 401 : code === 'REGISTRY_FORBIDDEN' ? 403 : 400,
    title: 'Refused',
    body: html`<h1>Refused</h1>${notice('error', html`The registry refused this action: <code>${code}</code>.`)}`,
  }
}

function registerAssets(app: Hono<RegistryEnv>, deps: ConsoleDeps): void {
  app.get('/assets/:file', (c: Context<RegistryEnv>) => {
    const asset = deps.assets.get(c.req.param('file') ?? '')
    if (asset === undefined) return c.text('Not found', 404)
    const accept = c.req.header('accept-encoding') ?? ''
    const [body, encoding] = accept.includes('br')
      ? [asset.br, 'br']
      : accept.includes('gzip')
        ? [asset.gzip, 'gzip']
        : [asset.bytes, undefined]
    c.header('content-type', asset.type)
    c.header('vary', 'accept-encoding')
    if (encoding !== undefined) c.header('content-encoding', encoding)
    c.header(
      'cache-control',
      c.req.query('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache',
    )
    return c.body(new Uint8Array(body))
  })
}
