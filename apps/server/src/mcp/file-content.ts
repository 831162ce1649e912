import { isUtf8 } from 'node:buffer'
import { skillMdPath } from './skill-uri.js'

const byExtension: Readonly<Record<string, string>> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
  py: 'text/x-python',
  js: 'text/javascript',
  mjs: 'text/javascript',
  cjs: 'text/javascript',
  ts: 'text/x-typescript',
  sh: 'text/x-shellscript',
  bash: 'text/x-shellscript',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  toml: 'application/toml',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  wasm: 'application/wasm',
}

/** Types whose bytes are never served as text, even when they happen to be valid UTF-8. */
const binaryTypes =
  /^(image\/(?!svg\+xml)|audio\/|video\/|font\/|application\/(pdf|zip|gzip|wasm|octet-stream))/

/**
 * The MIME type of a skill file: `text/markdown` for SKILL.md (SEP-2640 Resource Metadata), else
 * by extension; unknown extensions are `text/plain` when the bytes are text, else
 * `application/octet-stream`.
 */
export function mimeTypeOf(path: string, bytes: Uint8Array): string {
  if (path === skillMdPath) return 'text/markdown'
  const base = path.slice(path.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  const known = dot > 0 ? byExtension[base.slice(dot + 1).toLowerCase()] : undefined
  if (known !== undefined) return known
  return isText(bytes) ? 'text/plain' : 'application/octet-stream'
}

/** True when the bytes go out as `text`: valid UTF-8 without NUL bytes, of a non-binary type. */
export function isTextContent(mimeType: string, bytes: Uint8Array): boolean {
  return !binaryTypes.test(mimeType) && isText(bytes)
}

// Valid UTF-8 round-trips exactly (BOM kept by `ignoreBOM`), so a client hashing the UTF-8 of the
// text gets the listed digest.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The bytes as text (only for content `isTextContent` accepted). */
export function utf8Text(bytes: Uint8Array): string {
  return utf8.decode(bytes)
}

function isText(bytes: Uint8Array): boolean {
  return !bytes.includes(0) && isUtf8(bytes)
}
