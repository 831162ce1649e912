/** A relative link found in the SKILL.md body: the target path and the SKILL.md line it is on. */
export interface BodyLink {
  readonly target: string
  readonly line: number
}

const codeSpan = /`[^`]*`/g
const fence = /^\s{0,3}(`{3,}|~{3,})/
const external = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|\/\/|#|\/|~|\$|\{|%7B)/

/**
 * Finds Markdown links and images whose target is a relative path into the skill (not a URL,
 * anchor, absolute path or template placeholder), outside fenced code blocks and code spans.
 * Returns the decoded path without `#fragment` or `?query`.
 */
export function findBodyLinks(body: string, bodyStartLine: number): BodyLink[] {
  const links: BodyLink[] = []
  if (!body.includes('](')) return links
  const fences = createFenceTracker()
  const lines = body.split(/\r\n|\r|\n/)
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? ''
    if (fences.isCode(line) || !line.includes('](')) continue
    for (const raw of inlineLinkTargets(line.replace(codeSpan, ''))) {
      const target = cleanTarget(raw)
      if (target !== undefined) links.push({ target, line: bodyStartLine + index })
    }
  }
  return links
}

/**
 * The targets of `[label](target "title")` links on one line, as the pattern
 * `!?\[[^\]]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)` finds them, in linear
 * time: that regular expression retried the label from every `[` and the target from every `](`,
 * quadratic on one long line (a 1 MiB line of `[` took about 20 minutes).
 */
function inlineLinkTargets(line: string): string[] {
  const targets: string[] = []
  const find = createForwardFinder(line)
  let open = false
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]
    if (char === '[') open = true
    if (char !== ']') continue
    const link = open && line[index + 1] === '(' ? readTarget(line, index + 2, find) : undefined
    open = false
    if (link === undefined) continue
    targets.push(link.target)
    index = link.end - 1
  }
  return targets
}

type ForwardFinder = (kind: string, stops: (char: string) => boolean, from: number) => number

// The first index at or after `from` whose character `stops` accepts (or the line's length). The
// searches of one kind move forward through the line, so each kind scans it about once.
function createForwardFinder(line: string): ForwardFinder {
  const last = new Map<string, { from: number; at: number }>()
  return (kind, stops, from) => {
    const known = last.get(kind)
    if (known !== undefined && from >= known.from && from <= known.at) return known.at
    let at = from
    while (at < line.length && !stops(line[at] ?? '')) at += 1
    last.set(kind, { from, at })
    return at
  }
}

const isSpace = (char: string) => /\s/.test(char)
const isPlainEnd = (char: string) => char === ')' || isSpace(char)
const notSpace = (char: string) => !isSpace(char)

// `(` has been read; `start` is the index after it. The link ends after its `)`.
function readTarget(
  line: string,
  start: number,
  find: ForwardFinder,
): { target: string; end: number } | undefined {
  const at = find('text', notSpace, start)
  if (line[at] === '<') {
    const close = find('>', (char) => char === '>' || char === '\n', at + 1)
    const end = line[close] === '>' && close > at + 1 ? closeLink(line, close + 1, find) : undefined
    if (end !== undefined) return { target: line.slice(at + 1, close), end }
  }
  const stop = find('plain', isPlainEnd, at)
  const end = stop > at ? closeLink(line, stop, find) : undefined
  return end === undefined ? undefined : { target: line.slice(at, stop), end }
}

// After the target: an optional `"title"` or `'title'` after blanks, blanks, then `)`.
function closeLink(line: string, from: number, find: ForwardFinder): number | undefined {
  const afterBlanks = find('text', notSpace, from)
  const quote = line[afterBlanks]
  if (afterBlanks > from && (quote === '"' || quote === "'")) {
    const closing = find(quote, (char) => char === quote, afterBlanks + 1)
    const paren = closing < line.length ? find('text', notSpace, closing + 1) : line.length
    if (line[paren] === ')') return paren + 1
  }
  return line[afterBlanks] === ')' ? afterBlanks + 1 : undefined
}

// CommonMark fences: a block closes with the same character, at least as many times.
function createFenceTracker(): { isCode(line: string): boolean } {
  let open: string | undefined
  return {
    isCode(line) {
      const marker = fence.exec(line)?.[1]
      if (marker === undefined) return open !== undefined
      if (open === undefined) open = marker
      else if (marker[0] === open[0] && marker.length >= open.length) open = undefined
      return true
    },
  }
}

function cleanTarget(raw: string): string | undefined {
  if (raw === '' || external.test(raw)) return undefined
  const path = raw.split(/[#?]/, 1)[0] ?? ''
  if (path === '') return undefined
  try {
    return decodeURIComponent(path)
  } catch (error) {
    if (error instanceof URIError) return path
    throw error
  }
}
