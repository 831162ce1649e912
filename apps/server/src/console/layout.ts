import { html, type SafeHtml } from './html.js'
import type { ConsoleSession } from './session.js'

/** Page islands: the client bundles a page may load (console-client/, built by esbuild). */
export type Island = 'catalog'

/** What every page shell needs. */
export interface PageShell {
  readonly title: string
  readonly session: ConsoleSession | undefined
  /** The path of the current page, for the nav's aria-current and sign-in's return. */
  readonly path: string
  readonly islands?: readonly Island[]
  /** Asset URL by file name (versioned), from ConsoleAssets. */
  readonly assetUrl: (file: string) => string
}

const nav: readonly { readonly href: string; readonly label: string }[] = [
  { href: '/', label: 'Catalog' },
  { href: '/experiments', label: 'Experiments' },
  { href: '/activity', label: 'Activity' },
  { href: '/admin', label: 'Admin' },
]

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' || path.startsWith('/skills/') : path.startsWith(href)
}

function account(shell: PageShell): SafeHtml {
  if (shell.session === undefined) {
    return html`<a class="button" href="/sign-in?next=${encodeURIComponent(shell.path)}">Sign in</a>`
  }
  return html`<form method="post" action="/sign-out" class="inline">
      <input type="hidden" name="csrf" value="${shell.session.csrf}">
      <span class="who">Signed in as <strong>${shell.session.tokenName}</strong></span>
      <button type="submit">Sign out</button>
    </form>`
}

/** The whole document: skip link, header and nav, main, and the page's island scripts. */
export function page(shell: PageShell, body: SafeHtml): SafeHtml {
  const scripts = (shell.islands ?? []).map(
    (island) => html`<script type="module" src="${shell.assetUrl(`${island}.js`)}"></script>`,
  )
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="description" content="skillship console: browse skills, watch loads, run experiments.">
<title>${shell.title} · skillship</title>
<link rel="stylesheet" href="${shell.assetUrl('console.css')}">
<link rel="icon" href="data:,">
${scripts}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/">skillship</a>
  <nav aria-label="Main"><ul>${nav.map(
    (item) =>
      html`<li><a href="${item.href}"${isCurrent(item.href, shell.path) ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
  )}</ul></nav>
  <div class="account">${account(shell)}</div>
</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>`
}

/** A short notice block (empty states, refusals, hints) with a role screen readers announce. */
export function notice(kind: 'info' | 'error', text: SafeHtml | string): SafeHtml {
  return html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>`
}
