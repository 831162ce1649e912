import type { Surface } from '../types.js'

/** A piece of markdown: prose (code and hidden parts blanked, lines kept), a fenced block, or text hidden when rendered. */
export interface MarkdownPart {
  readonly surface: Extract<Surface, 'prose' | 'code' | 'hidden'>
  readonly lang: string
  readonly text: string
  readonly firstLine: number
}

const fenceOpen = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/
// Inside one tag (the text between its name and the next `>`): what makes an element invisible.
const hiddenStyle =
  /display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|\bhidden\b|opacity\s*:\s*0(?:[;"' ]|$)/i
const referenceComment = /^\s*\[(?:\/\/|comment|_)\]:\s*[#<]/i

/**
 * Splits markdown line by line into prose, fenced code blocks (with their info-string language)
 * and hidden text: HTML comments, elements styled invisible, and `[//]: #` reference comments.
 */
export function splitMarkdown(text: string, firstLine: number): MarkdownPart[] {
  const lines = text.split(/\r\n|\r|\n/)
  const parts: MarkdownPart[] = []
  const prose: string[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    const fence = fenceOpen.exec(line)
    if (fence) {
      const end = findFenceEnd(lines, i + 1, fence[1] ?? '```')
      parts.push(block('code', (fence[2] ?? '').toLowerCase(), lines, i + 1, end, firstLine))
      for (let j = i; j <= Math.min(end, lines.length - 1); j += 1) prose.push('')
      i = end + 1
      continue
    }
    const consumed = hiddenAt(lines, i, firstLine, parts)
    if (consumed > 0) {
      for (let j = 0; j < consumed; j += 1) prose.push('')
      i += consumed
      continue
    }
    prose.push(stripInlineComments(line, i + firstLine, parts))
    i += 1
  }
  parts.unshift({ surface: 'prose', lang: 'markdown', text: prose.join('\n'), firstLine })
  return parts
}

function findFenceEnd(lines: readonly string[], from: number, fence: string): number {
  for (let j = from; j < lines.length; j += 1) {
    const l = (lines[j] ?? '').trim()
    if (l.startsWith(fence[0]?.repeat(fence.length) ?? fence) && l.replace(/[`~]/g, '') === '')
      return j
  }
  return lines.length
}

function block(
  surface: MarkdownPart['surface'],
  lang: string,
  lines: readonly string[],
  from: number,
  to: number,
  firstLine: number,
): MarkdownPart {
  return { surface, lang, text: lines.slice(from, to).join('\n'), firstLine: firstLine + from }
}

// Returns how many lines a hidden construct starting at line i spans (0 when none starts there).
function hiddenAt(
  lines: readonly string[],
  i: number,
  firstLine: number,
  parts: MarkdownPart[],
): number {
  const line = lines[i] ?? ''
  if (referenceComment.test(line)) {
    parts.push(block('hidden', 'markdown', lines, i, i + 1, firstLine))
    return 1
  }
  const open = line.indexOf('<!--')
  if (open !== -1 && line.indexOf('-->', open + 4) === -1) {
    let end = i + 1
    while (end < lines.length && !(lines[end] ?? '').includes('-->')) end += 1
    parts.push(block('hidden', 'markdown', lines, i, Math.min(end + 1, lines.length), firstLine))
    return Math.min(end + 1, lines.length) - i
  }
  const element = hiddenElementName(line)
  if (element !== undefined) {
    const close = new RegExp(`</${element}\\s*>`, 'i')
    let end = i
    while (end < lines.length && !close.test(lines[end] ?? '') && end - i < 200) end += 1
    parts.push(block('hidden', 'markdown', lines, i, Math.min(end + 1, lines.length), firstLine))
    return Math.min(end + 1, lines.length) - i
  }
  return 0
}

/**
 * The name of the first element on `line` styled invisible (`<span style="display:none">`), in
 * one pass: tags are cut at each `>`, and of the tags ending at one `>` the leftmost holds the
 * others' text, so only it is tested. A backtracking `<(\w+)[^>]*(...)[^>]*>` took quadratic time
 * on a line of `<a <a <a ...`; this is linear in the line.
 */
export function hiddenElementName(line: string): string | undefined {
  let from = 0
  while (from < line.length) {
    const end = line.indexOf('>', from)
    const span = line.slice(from, end === -1 ? line.length : end)
    const tag = /<(\w+)/.exec(span)
    if (end === -1) return undefined
    if (tag !== null && hiddenStyle.test(span.slice(tag.index + tag[0].length))) return tag[1]
    from = end + 1
  }
  return undefined
}

/** Inline `<!-- ... -->` comments become hidden parts; one pass, each comment cut at its `-->`. */
function stripInlineComments(line: string, lineNo: number, parts: MarkdownPart[]): string {
  if (!line.includes('<!--')) return line
  const kept: string[] = []
  let from = 0
  for (let open = line.indexOf('<!--'); open !== -1; open = line.indexOf('<!--', from)) {
    const close = line.indexOf('-->', open + 4)
    if (close === -1) break
    kept.push(line.slice(from, open), ' ')
    parts.push({
      surface: 'hidden',
      lang: 'markdown',
      text: line.slice(open + 4, close),
      firstLine: lineNo,
    })
    from = close + 3
  }
  kept.push(line.slice(from))
  return kept.join('')
}
