import { decodeSkillMd, type SkillMdEncoding } from '../encoding/decode-skill-md.js'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { isSkillshipError } from '../errors/skillship-error.js'
import type { IssueDraft } from '../validate/skill-issue.js'
import { type Frontmatter, parseFrontmatterYaml } from './parse-frontmatter-yaml.js'
import { detectLineEndings, type LineEndingStyle, splitFrontmatter } from './split-frontmatter.js'

/** SKILL.md as read: decoded text, frontmatter (when it parsed), the exact body, and what was found. */
export interface ParsedSkillMd {
  readonly text: string
  readonly encoding: SkillMdEncoding | undefined
  readonly lineEndings: LineEndingStyle
  /** Undefined when the file has no parseable frontmatter; the issues say why. */
  readonly frontmatter: Frontmatter | undefined
  /** The text after the closing `---` line, byte-exact; empty when there is no frontmatter. */
  readonly body: string
  readonly bodyStartLine: number
  readonly issues: readonly IssueDraft[]
}

/**
 * Parses SKILL.md from bytes (decoding them, see decodeSkillMd) or from already decoded text.
 * Never throws for any content: every problem becomes an issue. Nothing is evaluated.
 */
export function parseSkillMd(input: Uint8Array | string): ParsedSkillMd {
  const decoded = decodeInput(input)
  if (!decoded.ok) return failed('', undefined, [decoded.issue])
  const { text, encoding } = decoded
  const issues: IssueDraft[] = [...decoded.issues]
  const lineEndings = detectLineEndings(text)
  if (lineEndings === 'crlf' || lineEndings === 'cr' || lineEndings === 'mixed') {
    issues.push(lineEndingIssue(lineEndings))
  }
  const cut = splitFrontmatter(text)
  if (!cut.ok) {
    return failed(
      text,
      encoding,
      [...issues, looksLikePointerFile(text) ? pointerIssue(text) : cut.issue],
      lineEndings,
    )
  }
  const parsed = parseFrontmatterYaml(cut.split.yaml, cut.split.yamlStartLine)
  issues.push(...parsed.issues)
  return {
    text,
    encoding,
    lineEndings,
    frontmatter: parsed.ok ? parsed.frontmatter : undefined,
    body: cut.split.body,
    bodyStartLine: cut.split.bodyStartLine,
    issues,
  }
}

type DecodeOutcome =
  | { ok: true; text: string; encoding: SkillMdEncoding | undefined; issues: readonly IssueDraft[] }
  | { ok: false; issue: IssueDraft }

function decodeInput(input: Uint8Array | string): DecodeOutcome {
  if (typeof input === 'string') return { ok: true, text: input, encoding: undefined, issues: [] }
  try {
    return { ok: true, ...decodeSkillMd(input) }
  } catch (error) {
    if (!isSkillshipError(error) || error.code !== SkillErrorCode.EncodingInvalid) throw error
    return {
      ok: false,
      issue: {
        code: SkillErrorCode.EncodingInvalid,
        message: error.message,
        ...(error.hint ? { hint: error.hint } : {}),
        path: 'SKILL.md',
      },
    }
  }
}

function failed(
  text: string,
  encoding: SkillMdEncoding | undefined,
  issues: readonly IssueDraft[],
  lineEndings: LineEndingStyle = 'none',
): ParsedSkillMd {
  return { text, encoding, lineEndings, frontmatter: undefined, body: '', bodyStartLine: 1, issues }
}

// Git on Windows without symlink support checks a symlink out as a tiny file holding its target.
function looksLikePointerFile(text: string): boolean {
  const trimmed = text.trim()
  return trimmed.length > 0 && trimmed.length < 256 && !/\s/.test(trimmed) && /[\\/]/.test(trimmed)
}

function pointerIssue(text: string): IssueDraft {
  return {
    code: SkillErrorCode.SkillMdPointer,
    message: `SKILL.md only holds the path "${text.trim()}": a symlink checked out as a file`,
    hint: 'Enable symlinks in git (core.symlinks=true, Windows Developer Mode) or copy the real SKILL.md.',
    path: 'SKILL.md',
    line: 1,
  }
}

function lineEndingIssue(style: LineEndingStyle): IssueDraft {
  return {
    code: SkillErrorCode.LineEndings,
    message: `SKILL.md uses ${style === 'mixed' ? 'mixed' : style.toUpperCase()} line endings; some agents only accept LF`,
    hint: 'Run `skillship lint --fix`, and add `*.md text eol=lf` to .gitattributes.',
    path: 'SKILL.md',
  }
}
