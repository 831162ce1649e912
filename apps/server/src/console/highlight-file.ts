import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import css from 'highlight.js/lib/languages/css'
import ini from 'highlight.js/lib/languages/ini'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import markdown from 'highlight.js/lib/languages/markdown'
import python from 'highlight.js/lib/languages/python'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import yaml from 'highlight.js/lib/languages/yaml'
import { escapeHtml, html, type SafeHtml, trusted } from './html.js'

/** Files past this are not shown at all (a 5 MB file would make the page the problem). */
export const maxShownBytes = 256 * 1024
/** Files past this are shown as plain escaped text: highlighting costs grow with the input. */
export const maxHighlightedBytes = 64 * 1024

const languages = { bash, css, ini, javascript, json, markdown, python, typescript, xml, yaml }
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language)

const byExtension: Readonly<Record<string, keyof typeof languages>> = {
  sh: 'bash',
  bash: 'bash',
  css: 'css',
  ini: 'ini',
  toml: 'ini',
  cfg: 'ini',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  json: 'json',
  md: 'markdown',
  py: 'python',
  ts: 'typescript',
  html: 'xml',
  svg: 'xml',
  xml: 'xml',
  yml: 'yaml',
  yaml: 'yaml',
}

/** How a file is shown in the browser: highlighted, plain, or not at all (and why). */
export function renderFile(path: string, bytes: Uint8Array): SafeHtml {
  if (bytes.byteLength > maxShownBytes) {
    return html`<p class="notice info" role="status">This file is ${bytes.byteLength.toLocaleString('en')} bytes: too large to show here. Download the version's tarball to read it.</p>`
  }
  const text = decodeText(bytes)
  if (text === undefined) {
    return html`<p class="notice info" role="status">Binary file (${bytes.byteLength} bytes): not shown.</p>`
  }
  const language = byExtension[path.split('.').pop()?.toLowerCase() ?? '']
  const code =
    language !== undefined && bytes.byteLength <= maxHighlightedBytes
      ? hljs.highlight(text, { language, ignoreIllegals: true }).value
      : escapeHtml(text)
  return html`<pre class="code" tabindex="0" aria-label="Contents of ${path}"><code class="hljs">${trusted(code)}</code></pre>`
}

function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Not UTF-8: shown as binary, never as mojibake.
    return undefined
  }
}
