import { html } from '../html.js'
import { notice } from '../layout.js'
import type { PageResult } from './page-result.js'

/** The sign-in form: a registry token, exchanged for a session cookie. */
export function signInPage(csrf: string, next: string, error?: string): PageResult {
  const body = html`<h1>Sign in</h1>
${error === undefined ? '' : notice('error', error)}
<form method="post" action="/sign-in" class="stack">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="next" value="${next}">
<p><label for="token">Registry token</label><input id="token" name="token" type="password" required autocomplete="current-password" maxlength="200" aria-describedby="token-hint"><span class="hint" id="token-hint">The same token the CLI uses (skillship login). The console keeps it in an HttpOnly cookie; revoking the token signs you out everywhere.</span></p>
<p><button type="submit">Sign in</button></p>
</form>`
  return { status: error === undefined ? 200 : 401, title: 'Sign in', body }
}

/** Only same-site paths: `/x`, never `//host` or a URL with a scheme. */
export function safeNext(next: string | undefined): string {
  if (
    next === undefined ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\')
  )
    return '/'
  return next.slice(0, 500)
}
