/** What kind of file a skill path holds, by name, extension, shebang and magic bytes. */

export type ScriptLang = 'shell' | 'python' | 'js' | 'powershell' | 'other'
export type FileKind =
  | { readonly kind: 'markdown' }
  | { readonly kind: 'script'; readonly lang: ScriptLang }
  | { readonly kind: 'manifest'; readonly manifest: ManifestKind }
  | { readonly kind: 'config' }
  | { readonly kind: 'text' }
  | { readonly kind: 'binary'; readonly what: BinaryKind }

export type ManifestKind = 'package.json' | 'requirements' | 'pyproject' | 'other'
export type BinaryKind = 'image' | 'executable' | 'archive' | 'compiled' | 'unknown'

const scriptExt: Readonly<Record<string, ScriptLang>> = {
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  fish: 'shell',
  command: 'shell',
  py: 'python',
  pyw: 'python',
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  ts: 'js',
  mts: 'js',
  cts: 'js',
  jsx: 'js',
  tsx: 'js',
  ps1: 'powershell',
  psm1: 'powershell',
  psd1: 'powershell',
  rb: 'other',
  pl: 'other',
  php: 'other',
  lua: 'other',
  bat: 'other',
  cmd: 'other',
  go: 'other',
  rs: 'other',
  vbs: 'other',
  applescript: 'other',
  scpt: 'other',
}
const markdownExt = new Set(['md', 'markdown', 'mdx', 'txt', 'rst', 'adoc', 'html', 'htm'])
const configExt = new Set([
  'json',
  'jsonc',
  'yaml',
  'yml',
  'toml',
  'ini',
  'cfg',
  'conf',
  'env',
  'service',
  'timer',
  'plist',
  'xml',
  'desktop',
  'properties',
  'lock',
  'csv',
  'tsv',
  'sql',
  'svg',
  'css',
  'j2',
  'tmpl',
  'template',
])
const imageExt = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'ico', 'bmp', 'tiff', 'avif'])
const archiveExt = new Set([
  'zip',
  'tgz',
  'gz',
  'tar',
  'bz2',
  'xz',
  '7z',
  'rar',
  'jar',
  'whl',
  'egg',
  'zst',
])
const compiledExt = new Set([
  'pyc',
  'pyo',
  'class',
  'wasm',
  'so',
  'dylib',
  'dll',
  'exe',
  'node',
  'o',
  'a',
  'bin',
])

export function classifyFile(path: string, bytes: Uint8Array): FileKind {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 ? name.slice(dot + 1) : ''
  const binary = binaryKind(ext, bytes)
  if (binary !== undefined) return { kind: 'binary', what: binary }
  const manifest = manifestKind(name)
  if (manifest !== undefined) return { kind: 'manifest', manifest }
  const lang = scriptExt[ext] ?? shebangLang(bytes)
  if (lang !== undefined) return { kind: 'script', lang }
  if (['makefile', 'dockerfile', 'justfile', 'procfile'].includes(name) || name.startsWith('.'))
    return { kind: 'script', lang: 'shell' }
  if (markdownExt.has(ext)) return { kind: 'markdown' }
  if (configExt.has(ext)) return { kind: 'config' }
  return { kind: 'text' }
}

function binaryKind(ext: string, bytes: Uint8Array): BinaryKind | undefined {
  const magic = binaryMagic(bytes)
  if (magic !== undefined) return magic
  if (compiledExt.has(ext)) return 'compiled'
  if (archiveExt.has(ext)) return 'archive'
  if (imageExt.has(ext)) return 'image'
  return looksBinary(bytes) ? 'unknown' : undefined
}

function manifestKind(name: string): ManifestKind | undefined {
  if (name === 'package.json') return 'package.json'
  if (/^requirements.*\.(txt|in)$/.test(name) || name === 'constraints.txt') return 'requirements'
  if (name === 'pyproject.toml') return 'pyproject'
  if (['pipfile', 'gemfile', 'go.mod', 'cargo.toml', 'setup.cfg'].includes(name)) return 'other'
  return undefined
}

// Leading magic bytes: ELF, PE, ZIP, gzip, bzip2, xz, WebAssembly.
const signatures: ReadonlyArray<readonly [readonly number[], BinaryKind]> = [
  [[0x7f, 0x45, 0x4c, 0x46], 'executable'],
  [[0x4d, 0x5a], 'executable'],
  [[0x50, 0x4b, 0x03, 0x04], 'archive'],
  [[0x1f, 0x8b], 'archive'],
  [[0x42, 0x5a, 0x68], 'archive'],
  [[0xfd, 0x37, 0x7a, 0x58], 'archive'],
  [[0x00, 0x61, 0x73, 0x6d], 'compiled'],
]
const machO = [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe]

function binaryMagic(b: Uint8Array): BinaryKind | undefined {
  for (const [sig, kind] of signatures) if (sig.every((byte, i) => b[i] === byte)) return kind
  if (machO.includes(u32(b))) return 'executable'
  if (b.length > 262 && String.fromCharCode(...b.subarray(257, 262)) === 'ustar') return 'archive'
  // CPython bytecode: a 2-byte magic number followed by \r\n.
  const pyc = b[2] === 0x0d && b[3] === 0x0a && (b[1] ?? 0xff) < 0x10
  return pyc && b.length > 16 && looksBinary(b) ? 'compiled' : undefined
}

function u32(b: Uint8Array): number {
  return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192)
  for (let i = 0; i < n; i += 1) if (bytes[i] === 0) return !isUtf16(bytes)
  return false
}

function isUtf16(b: Uint8Array): boolean {
  return (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)
}

function shebangLang(bytes: Uint8Array): ScriptLang | undefined {
  if (bytes[0] !== 0x23 || bytes[1] !== 0x21) return undefined
  const first =
    String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 120))).split('\n')[0] ?? ''
  if (/python/.test(first)) return 'python'
  if (/node|deno|bun|tsx/.test(first)) return 'js'
  if (/pwsh|powershell/.test(first)) return 'powershell'
  if (/sh\b/.test(first)) return 'shell'
  return 'other'
}
