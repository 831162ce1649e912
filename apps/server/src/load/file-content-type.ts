// Skill files are hostile content served from the registry's own origin: every type here is
// inert (a browser shows or downloads it, never runs it), whatever the extension. HTML, XHTML,
// SVG, XML (XSLT), JavaScript and CSS are all served as text/plain.
const inertTypes: Readonly<Record<string, string>> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  json: 'application/json',
  csv: 'text/csv',
}

// Text a browser could run if it ever ignored the declared type: downloaded, never displayed.
// The sandbox CSP and nosniff below protect every file; this list only adds the download.
const activeExtensions = new Set([
  'html',
  'htm',
  'xhtml',
  'xht',
  'shtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'xslt',
  'js',
  'mjs',
  'cjs',
  'css',
  'pdf',
  'swf',
])

const plainTextExtensions = new Set([
  ...activeExtensions,
  'py',
  'txt',
  'sh',
  'yaml',
  'yml',
  'ts',
  'toml',
])

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.')
  const slash = path.lastIndexOf('/')
  return dot > slash + 1 ? path.slice(dot + 1).toLowerCase() : ''
}

/**
 * The content-type of a skill file by its extension: an inert text type with `charset=utf-8`
 * (markdown, JSON, CSV, else text/plain for known text), anything else
 * `application/octet-stream`. Never a type a browser renders as a page or runs.
 */
export function fileContentType(path: string): string {
  const extension = extensionOf(path)
  const type =
    inertTypes[extension] ?? (plainTextExtensions.has(extension) ? 'text/plain' : undefined)
  return type === undefined ? 'application/octet-stream' : `${type}; charset=utf-8`
}

/**
 * Headers that keep any file of a skill from running on the registry's origin: `nosniff` (the
 * declared inert type is final), `Content-Security-Policy: sandbox` (even if rendered, a unique
 * origin with no script), and `Content-Disposition: attachment` for binary files and those a
 * browser would run under their natural type.
 */
export function skillFileHeaders(path: string): Record<string, string> {
  const type = fileContentType(path)
  const download = type === 'application/octet-stream' || activeExtensions.has(extensionOf(path))
  return {
    'content-type': type,
    ...inertResponseHeaders,
    ...(download ? { 'content-disposition': 'attachment' } : {}),
  }
}

/** `nosniff` and a sandbox CSP: for every response whose body is (part of) a skill. */
export const inertResponseHeaders: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': 'sandbox',
}
