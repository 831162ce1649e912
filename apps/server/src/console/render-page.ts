import { isSkillshipError } from '@skillship/core'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { RegistryEnv } from '../app/registry-env.js'
import { errorStatus } from '../http/error-status.js'
import type { PageContext } from './console-context.js'
import { html } from './html.js'
import { notice, page } from './layout.js'
import type { PageResult } from './pages/page-result.js'

/** A whole page in the shell, as an HTML response. */
export function renderPage(ctx: PageContext, result: PageResult): Response {
  const islands = [...(result.islands ?? [])]
  const markup = page(
    {
      title: result.title,
      session: ctx.session,
      path: new URL(ctx.c.req.url).pathname,
      assetUrl: ctx.deps.assets.url,
      islands,
    },
    result.body,
  )
  return ctx.c.html(markup.value, result.status)
}

/**
 * A coded error (a refused form, a busy search, an oversized body) as an HTML page with its code
 * and status; anything else is rethrown to the app's error mapper, which logs it.
 */
export function renderErrorPage(
  ctx: PageContext,
  c: Context<RegistryEnv>,
  error: unknown,
): Response {
  if (!isSkillshipError(error)) throw error
  const status = errorStatus[error.code]
  if (status === undefined) throw error
  if (status === 503) c.header('retry-after', '2')
  return renderPage(ctx, {
    status: status as ContentfulStatusCode,
    title: 'Refused',
    body: html`<h1>Refused</h1>${notice('error', html`<code>${error.code}</code>: ${error.message}${error.hint === undefined ? '' : ` ${error.hint}`}`)}`,
  })
}
