const textTypes: Readonly<Record<string, string>> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  py: 'text/x-python',
  js: 'application/javascript',
  mjs: 'application/javascript',
  cjs: 'application/javascript',
  json: 'application/json',
  txt: 'text/plain',
  sh: 'text/x-shellscript',
  yaml: 'text/yaml',
  yml: 'text/yaml',
  ts: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  css: 'text/css',
  xml: 'application/xml',
  toml: 'text/plain',
}

/**
 * The content-type of a skill file by its extension: a known text type with `charset=utf-8`,
 * anything else `application/octet-stream` (never sniffed, so a file cannot turn into a page).
 */
export function fileContentType(path: string): string {
  const dot = path.lastIndexOf('.')
  const slash = path.lastIndexOf('/')
  const extension = dot > slash + 1 ? path.slice(dot + 1).toLowerCase() : ''
  const type = textTypes[extension]
  return type === undefined ? 'application/octet-stream' : `${type}; charset=utf-8`
}
