import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { IssueDraft } from '../validate/skill-issue.js'

/** The line-ending style of a text: what `--fix` normalises to LF. */
export type LineEndingStyle = 'lf' | 'crlf' | 'cr' | 'mixed' | 'none'

/** SKILL.md cut at its `---` delimiter lines. The body is the exact text after the closing line. */
export interface FrontmatterSplit {
  readonly yaml: string
  readonly body: string
  /** 1-based line of SKILL.md where the YAML text starts (the line after the opening `---`). */
  readonly yamlStartLine: number
  /** 1-based line of SKILL.md where the body starts. */
  readonly bodyStartLine: number
}

export type SplitResult =
  | { readonly ok: true; readonly split: FrontmatterSplit }
  | { readonly ok: false; readonly issue: IssueDraft }

// `nextLine` moves this one's lastIndex. `detectLineEndings` uses another, never searched with
// exec: matchAll starts at the lastIndex of the expression it is given.
const lineBreak = /\r\n|\r|\n/g
const anyLineBreak = /\r\n|\r|\n/g
const delimiter = /^---[ \t]*$/

/**
 * Splits SKILL.md text into YAML frontmatter and body. The first line must be `---` (trailing
 * blanks allowed) and the frontmatter ends at the next line that is exactly `---`; LF, CRLF and
 * lone CR all end lines. Unlike a split on the first `---` anywhere, a `---` inside a value does not
 * end the frontmatter. Returns an issue (never throws) when there is no frontmatter.
 */
export function splitFrontmatter(text: string): SplitResult {
  const first = nextLine(text, 0)
  if (!delimiter.test(first.line)) return missing()
  let offset = first.next
  let line = 2
  const yamlStart = offset
  while (offset < text.length) {
    const current = nextLine(text, offset)
    if (delimiter.test(current.line)) {
      const split: FrontmatterSplit = {
        yaml: text.slice(yamlStart, offset),
        body: text.slice(current.next),
        yamlStartLine: 2,
        bodyStartLine: line + 1,
      }
      return { ok: true, split }
    }
    offset = current.next
    line += 1
  }
  return {
    ok: false,
    issue: {
      code: SkillErrorCode.FrontmatterUnclosed,
      message: 'SKILL.md frontmatter is not closed with a `---` line',
      hint: 'Add a line containing only `---` after the last frontmatter field.',
      path: 'SKILL.md',
      line: 1,
    },
  }
}

function nextLine(text: string, start: number): { line: string; next: number } {
  lineBreak.lastIndex = start
  const match = lineBreak.exec(text)
  if (!match) return { line: text.slice(start), next: text.length }
  return { line: text.slice(start, match.index), next: match.index + match[0].length }
}

function missing(): SplitResult {
  return {
    ok: false,
    issue: {
      code: SkillErrorCode.FrontmatterMissing,
      message: 'SKILL.md must start with YAML frontmatter (a `---` line)',
      hint: 'Begin the file with `---`, the `name` and `description` fields, and another `---`.',
      path: 'SKILL.md',
      line: 1,
    },
  }
}

/** Tells which line endings a text uses, so lint can report mixed or non-LF files. */
export function detectLineEndings(text: string): LineEndingStyle {
  if (!text.includes('\r')) return text.includes('\n') ? 'lf' : 'none'
  let lf = 0
  let crlf = 0
  let cr = 0
  for (const match of text.matchAll(anyLineBreak)) {
    if (match[0] === '\r\n') crlf += 1
    else if (match[0] === '\r') cr += 1
    else lf += 1
  }
  const kinds = Number(lf > 0) + Number(crlf > 0) + Number(cr > 0)
  if (kinds === 0) return 'none'
  if (kinds > 1) return 'mixed'
  return lf > 0 ? 'lf' : crlf > 0 ? 'crlf' : 'cr'
}
