import type { CreatedToken, TokenInfo } from '@skillship/registry-client'
import type { PageContext } from '../console-context.js'
import { html, segment } from '../html.js'
import { notice } from '../layout.js'
import type { PageResult } from './page-result.js'

/** Tokens: list, create (the secret shown once, on this answer only), revoke. Admin tokens only. */
export async function adminPage(
  ctx: PageContext,
  created?: CreatedToken,
  error?: string,
): Promise<PageResult> {
  const heading = html`<h1>Admin</h1>`
  if (ctx.session === undefined) {
    return {
      status: 401,
      title: 'Admin',
      body: html`${heading}${notice('info', html`<a href="/sign-in?next=/admin">Sign in</a> with an admin token.`)}`,
    }
  }
  const answer = await ctx.api.get<{ tokens: TokenInfo[] }>('/v1/tokens')
  if (answer.body === undefined) {
    return {
      status: answer.status === 403 ? 403 : 503,
      title: 'Admin',
      body: html`${heading}${notice('error', `Your token may not manage tokens (${answer.code ?? answer.status}).`)}`,
    }
  }
  const csrf = html`<input type="hidden" name="csrf" value="${ctx.session.csrf}">`
  const rows = answer.body.tokens.map(
    (t) =>
      html`<tr><th scope="row">${t.name}</th><td>${t.scopes.join(' ')}</td><td>${t.createdAt.slice(0, 10)}</td><td><form method="post" action="/admin/tokens/${segment(t.id)}/revoke" class="inline">${csrf}<button type="submit" aria-label="Revoke ${t.name}">Revoke</button></form></td></tr>`,
  )
  const secret =
    created === undefined
      ? ''
      : html`<div class="notice info" role="status"><p>Token <strong>${created.name}</strong> created. Copy its secret now: it is not shown again.</p><p><code class="secret" data-secret>${created.token}</code></p></div>`
  const body = html`${heading}
${error === undefined ? '' : notice('error', error)}${secret}
<section aria-labelledby="tokens-h"><h2 id="tokens-h">Tokens</h2>
<div class="scroll"><table><thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${rows}</tbody></table></div>
<h3>Create a token</h3>
<form method="post" action="/admin/tokens" class="stack">${csrf}
<p><label for="token-name">Name</label><input id="token-name" name="name" required maxlength="100"></p>
<p><label for="token-scopes">Scopes</label><input id="token-scopes" name="scopes" required aria-describedby="scopes-hint"><span class="hint" id="scopes-hint">space-separated: admin, read:&lt;glob&gt;, publish:&lt;glob&gt;, events:&lt;glob&gt;</span></p>
<p><button type="submit">Create token</button></p>
</form></section>`
  return { status: error === undefined ? 200 : 400, title: 'Admin', body }
}
