#!/usr/bin/env node
// Checks relative links and #anchors in the Markdown files under a folder.
//
//   node scripts/check-links.mjs [folder] [--ignore <glob>]... [--verbose]
//
// Prints every broken link as `file:line: ...` and exits 1 if there is any,
// 0 if all links resolve, 2 on a usage error. External URLs are not fetched.
// Uses only node: builtins; if the optional `picomatch` package is installed
// it is used for --ignore globs, otherwise a small built-in matcher is used.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import process from 'node:process'

const USAGE = `Usage: node scripts/check-links.mjs [folder] [--ignore <glob>]... [--verbose]

Checks relative links, images and #anchors in *.md / *.markdown files under
folder (default: current directory). node_modules and .git are always skipped.

  --ignore <glob>  skip files whose path relative to folder matches the glob
                   (repeatable), e.g. --ignore "drafts/**" --ignore "**/CHANGELOG.md"
  --verbose        also list every file checked
  -h, --help       show this help

Exit codes: 0 no broken links, 1 broken links found, 2 usage error.`

const MARKDOWN_EXT = /\.(?:md|markdown)$/i
const SKIP_DIRS = new Set(['node_modules', '.git'])
const SCHEME = /^[a-z][a-z0-9+.-]*:/i
const FENCE = /^ {0,3}(`{3,}|~{3,})/
const INLINE_LINK =
  /!?\[(?:[^[\]\\]|\\.|\[[^\]]*\])*\]\(\s*(<[^>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g
const REFERENCE_DEF = /^ {0,3}\[(?:[^\]\\]|\\.)+\]:\s*(<[^>\n]*>|\S+)/
const HTML_LINK = /<(?:a|img|source)\b[^>]*?\s(?:href|src)\s*=\s*(["'])(.*?)\1/gi
const HTML_ID = /<[a-z][^>]*?\s(?:id|name)\s*=\s*(["'])(.*?)\1/gi
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/

function parseArgs(argv) {
  const options = { root: '.', ignore: [], verbose: false }
  let rootSeen = false
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]
    if (arg === '-h' || arg === '--help') {
      console.log(USAGE)
      process.exit(0)
    } else if (arg === '--verbose') {
      options.verbose = true
    } else if (arg === '--ignore' || arg.startsWith('--ignore=')) {
      const value = arg === '--ignore' ? argv[++i] : arg.slice('--ignore='.length)
      if (!value) usageError('--ignore needs a glob pattern')
      options.ignore.push(value)
    } else if (arg.startsWith('-')) {
      usageError(`unknown option ${arg}`)
    } else if (rootSeen) {
      usageError(`unexpected argument ${arg}; pass one folder`)
    } else {
      options.root = arg
      rootSeen = true
    }
  }
  return options
}

function usageError(message) {
  console.error(`error: ${message}\n\n${USAGE}`)
  process.exit(2)
}

// --- glob matching -------------------------------------------------------

async function loadMatcher(patterns) {
  if (patterns.length === 0) return () => false
  try {
    const mod = await import('picomatch')
    const picomatch = mod.default ?? mod
    return picomatch(patterns, { dot: true })
  } catch {
    const regexes = patterns.map(globToRegExp)
    return (file) => regexes.some((regex) => regex.test(file))
  }
}

// Minimal fallback: supports **, *, ? and literal characters.
function globToRegExp(glob) {
  let source = ''
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/'
      source += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (char === '*') {
      source += '[^/]*'
    } else if (char === '?') {
      source += '[^/]'
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    }
  }
  return new RegExp(`^${source}$`)
}

// --- file discovery -------------------------------------------------------

function findMarkdownFiles(dir, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) findMarkdownFiles(full, files)
    } else if (entry.isFile() && MARKDOWN_EXT.test(entry.name)) {
      files.push(full)
    }
  }
  return files
}

// --- Markdown scanning ----------------------------------------------------

/**
 * Yields [lineNumber, textWithoutCodeSpans, text] for lines outside front matter, fenced code
 * blocks and HTML comments.
 */
function* proseLines(source) {
  const lines = source.split(/\r\n|\r|\n/)
  let fence
  let inComment = false
  let start = 0
  if (lines[0] === '---') {
    // Skip YAML front matter.
    const end = lines.findIndex((line, index) => index > 0 && (line === '---' || line === '...'))
    if (end !== -1) start = end + 1
  }
  for (let index = start; index < lines.length; index += 1) {
    let line = lines[index]
    const opening = FENCE.exec(line)?.[1]
    if (!inComment && opening) {
      if (fence === undefined) fence = opening
      else if (opening[0] === fence[0] && opening.length >= fence.length) fence = undefined
      continue
    }
    if (fence !== undefined) continue
    if (inComment) {
      const end = line.indexOf('-->')
      if (end === -1) continue
      line = line.slice(end + 3)
      inComment = false
    }
    line = line.replace(/<!--.*?-->/g, '')
    const commentAt = line.indexOf('<!--')
    if (commentAt !== -1) {
      line = line.slice(0, commentAt)
      inComment = true
    }
    yield [index + 1, line.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ''), line]
  }
}

function findLinks(source) {
  const links = []
  for (const [line, text] of proseLines(source)) {
    const definition = REFERENCE_DEF.exec(text)
    if (definition) links.push({ line, target: definition[1] })
    for (const match of text.matchAll(INLINE_LINK)) links.push({ line, target: match[1] })
    for (const match of text.matchAll(HTML_LINK)) links.push({ line, target: match[2] })
  }
  return links
}

/** GitHub-style heading slug: lowercase, punctuation dropped, spaces to hyphens. */
function slugify(heading) {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images -> their text
    .replace(/<[^>]+>/g, '') // inline HTML tags
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-')
}

const anchorCache = new Map()

function anchorsOf(file) {
  if (anchorCache.has(file)) return anchorCache.get(file)
  const anchors = new Set()
  const seen = new Map()
  const addHeading = (text) => {
    const base = slugify(text)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  let previous = ''
  for (const [, , text] of proseLines(readFileSync(file, 'utf8'))) {
    const atx = ATX_HEADING.exec(text)
    if (atx) {
      addHeading(atx[1] ?? '')
      previous = ''
    } else if (SETEXT_UNDERLINE.test(text) && previous.trim() !== '' && !/^\s*[-*+>|]/.test(previous)) {
      addHeading(previous)
      previous = ''
    } else {
      previous = text
    }
    for (const match of text.matchAll(HTML_ID)) anchors.add(match[2].toLowerCase())
  }
  anchorCache.set(file, anchors)
  return anchors
}

// --- link checking ------------------------------------------------------------

function decode(text) {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Returns a reason string if the link is broken, or undefined if it is fine or not checked. */
function checkLink(rawTarget, file, root) {
  let target = rawTarget.trim()
  if (target.startsWith('<') && target.endsWith('>')) target = target.slice(1, -1).trim()
  if (target === '' || SCHEME.test(target) || target.startsWith('//')) return undefined

  const hashAt = target.indexOf('#')
  const pathPart = (hashAt === -1 ? target : target.slice(0, hashAt)).split('?')[0]
  const fragment = hashAt === -1 ? '' : decode(target.slice(hashAt + 1))
  const relPath = decode(pathPart).replace(/\\(.)/g, '$1')

  let resolved = file
  if (relPath !== '') {
    resolved = relPath.startsWith('/') ? path.join(root, relPath) : path.resolve(path.dirname(file), relPath)
    if (!existsSync(resolved)) return `file not found: ${path.relative(root, resolved) || '.'}`
  }
  if (fragment === '' || !MARKDOWN_EXT.test(resolved) || !statSync(resolved).isFile()) return undefined
  if (!anchorsOf(resolved).has(fragment.toLowerCase())) {
    const where = resolved === file ? 'this file' : path.relative(root, resolved)
    return `anchor #${fragment} not found in ${where}`
  }
  return undefined
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const root = path.resolve(options.root)
  if (!existsSync(root) || !statSync(root).isDirectory()) usageError(`${options.root} is not a folder`)

  const ignored = await loadMatcher(options.ignore)
  const toPosix = (file) => path.relative(root, file).split(path.sep).join('/')
  const files = findMarkdownFiles(root)
    .filter((file) => !ignored(toPosix(file)))
    .sort()

  let checked = 0
  let broken = 0
  for (const file of files) {
    if (options.verbose) console.log(`checking ${toPosix(file)}`)
    for (const link of findLinks(readFileSync(file, 'utf8'))) {
      checked += 1
      const reason = checkLink(link.target, file, root)
      if (reason) {
        broken += 1
        console.log(`${toPosix(file)}:${link.line}: broken link "${link.target}" (${reason})`)
      }
    }
  }

  const summary = `${files.length} Markdown file(s), ${checked} link(s) scanned, ${broken} broken`
  if (broken > 0) {
    console.error(summary)
    process.exitCode = 1
  } else {
    console.error(`${summary}. All relative links resolve.`)
  }
}

await main()
