import MarkdownIt from 'markdown-it'
import { escapeHtml, type SafeHtml, trusted } from './html.js'

/** The most Markdown rendered; the rest is cut with a note (a SKILL.md is rarely past 50 KB). */
export const maxMarkdownChars = 256 * 1024

/** Where relative links of a skill's Markdown go: its file browser at that path. */
export type FileLink = (path: string) => string

const schemeLink = /^[a-z][a-z0-9+.-]*:/i
const allowedSchemes = /^(https?|mailto):/i

/**
 * Untrusted SKILL.md as HTML: raw HTML is not parsed (`html: false`, so tags, comments and SVG
 * show as text), links keep only http(s), mailto and relative targets (relative ones open the
 * file in the file browser), every link gets rel="noopener nofollow ugc", and images become plain
 * links (no request leaves for a third party when the page opens; the CSP blocks them anyway).
 */
export function renderMarkdown(source: string, fileLink: FileLink): SafeHtml {
  const cut = source.length > maxMarkdownChars
  const env: Record<PropertyKey, unknown> = { fileLink }
  const body = renderer.render(cut ? source.slice(0, maxMarkdownChars) : source, env)
  const note = cut
    ? `<p class="notice info">Cut at ${maxMarkdownChars / 1024} KiB; see the file browser.</p>`
    : ''
  return trusted(body + note)
}

// The file link of this render (set by renderMarkdown); never absent on our own renders.
function fileLinkOf(env: { readonly [key: string]: unknown } | undefined): FileLink {
  const link = env?.['fileLink']
  if (typeof link !== 'function') throw new TypeError('renderMarkdown sets env.fileLink')
  return link as FileLink
}

// A relative target (no scheme, not `#x`, not `/x`) names a file of the skill.
function isRelative(href: string): boolean {
  return !schemeLink.test(href) && !href.startsWith('#') && !href.startsWith('/')
}

function createRenderer(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false })
  md.validateLink = (url) => {
    const trimmed = url.trim()
    return !schemeLink.test(trimmed) || allowedSchemes.test(trimmed)
  }
  md.normalizeLink = (url) => encodeURI(decodeSafely(url.trim()))
  md.renderer.rules['link_open'] = (tokens, index, options, env, self) => {
    const token = tokens[index]
    const href = String(token?.attrGet('href') ?? '')
    if (isRelative(href)) token?.attrSet('href', fileLinkOf(env)(relativePath(href)))
    token?.attrSet('rel', 'noopener nofollow ugc')
    return self.renderToken(tokens, index, options)
  }
  // The page owns h1 and h2 (SKILL.md sits under an h2): the document's headings start at h3.
  const heading: NonNullable<(typeof md.renderer.rules)['heading_open']> = (
    tokens,
    index,
    options,
    _env,
    self,
  ) => {
    const token = tokens[index]
    if (token !== undefined) token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`
    return self.renderToken(tokens, index, options)
  }
  md.renderer.rules['heading_open'] = heading
  md.renderer.rules['heading_close'] = heading
  md.renderer.rules['image'] = (tokens, index, _options, env) => {
    const token = tokens[index]
    const raw = String(token?.attrGet('src') ?? '')
    const src = isRelative(raw) ? fileLinkOf(env)(relativePath(raw)) : raw
    const alt = token?.content ?? ''
    return `<a href="${escapeHtml(src)}" rel="noopener nofollow ugc">[image: ${escapeHtml(alt)}]</a>`
  }
  return md
}

// One renderer for every page: building one costs more than rendering a typical SKILL.md.
const renderer = createRenderer()

function decodeSafely(url: string): string {
  try {
    return decodeURI(url)
  } catch {
    // Not valid percent-encoding: encodeURI of the text as written is still a safe href.
    return url
  }
}

// `./references/a.md#x` -> `references/a.md`: the file browser finds files by recorded path.
function relativePath(link: string): string {
  const path = link.split(/[?#]/)[0] ?? ''
  const parts: string[] = []
  for (const part of decodeSafely(path).split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return parts.join('/')
}
