import type { CreatedToken, TokenInfo } from '@skillship/registry-client'
import type { PageContext } from '../console-context.js'
import { html, type SafeHtml, segment } from '../html.js'
import { notice } from '../layout.js'
import { keysSection } from './keys-section.js'
import type { PageResult } from './page-result.js'

/**
 * Tokens (admin tokens: list, create with the secret shown once on this answer only, revoke) and
 * signing keys (keys-section.ts: the registry's, and the publisher keys the token may revoke).
 */
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
  const csrf = html`<input type="hidden" name="csrf" value="${ctx.session.csrf}">`
  const [tokens, keys] = await Promise.all([
    ctx.api.get<{ tokens: TokenInfo[] }>('/v1/tokens'),
    keysSection(ctx, csrf),
  ])
  if (tokens.body === undefined && !keys.managesKeys) {
    return {
      status: tokens.status === 403 ? 403 : 503,
      title: 'Admin',
      body: html`${heading}${notice('error', `Your token may not manage tokens or keys (${tokens.code ?? tokens.status}).`)}`,
    }
  }
  const secret =
    created === undefined
      ? ''
      : html`<div class="notice info" role="status"><p>Token <strong>${created.name}</strong> created. Copy its secret now: it is not shown again.</p><p><code class="secret" data-secret>${created.token}</code></p></div>`
  const body = html`${heading}
${error === undefined ? '' : notice('error', error)}${secret}
${tokens.body === undefined ? '' : tokensSection(tokens.body.tokens, csrf)}
${keys.markup}`
  return { status: error === undefined ? 200 : 400, title: 'Admin', body }
}

function tokensSection(tokens: readonly TokenInfo[], csrf: SafeHtml): SafeHtml {
  const rows = tokens.map(
    (t) =>
      html`<tr><th scope="row">${t.name}</th><td>${t.scopes.join(' ')}</td><td>${t.createdAt.slice(0, 10)}</td><td><form method="post" action="/admin/tokens/${segment(t.id)}/revoke" class="inline">${csrf}<button type="submit" aria-label="Revoke ${t.name}">Revoke</button></form></td></tr>`,
  )
  return html`<section aria-labelledby="tokens-h"><h2 id="tokens-h">Tokens</h2>
<p class="hint">Revoking a token also ends every console session signed in with it, on every replica.</p>
<div class="scroll"><table><thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${rows}</tbody></table></div>
<h3>Create a token</h3>
<form method="post" action="/admin/tokens" class="stack">${csrf}
<p><label for="token-name">Name</label><input id="token-name" name="name" required maxlength="100"></p>
<p><label for="token-scopes">Scopes</label><input id="token-scopes" name="scopes" required aria-describedby="scopes-hint"><span class="hint" id="scopes-hint">space-separated: admin, read:&lt;glob&gt;, publish:&lt;glob&gt;, events:&lt;glob&gt;</span></p>
<p><button type="submit">Create token</button></p>
</form></section>`
}
