/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is already
 * {@link SafeHtml} (made by `html` itself or by a renderer that sanitised its output). The one way
 * console pages produce markup, so untrusted text never reaches the page unescaped.
 */
export class SafeHtml {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

type Interpolated =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly Interpolated[]

const escapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text escaped for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch)
}

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map((item: Interpolated) => render(item)).join('')
  return escapeHtml(String(value))
}

/** `html\`<p>${text}</p>\``: escapes strings and numbers, keeps SafeHtml, joins arrays. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '')
  return new SafeHtml(out)
}

/** Markup produced by a sanitising renderer (Markdown, the highlighter); never user text. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

/** A query string from defined, non-empty parameters (`?a=1&b=2`, or '' when none). */
export function queryString(params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value)
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}

/** A path segment for a name from storage (skills, experiments): always percent-encoded. */
export function segment(name: string): string {
  return encodeURIComponent(name)
}
