import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { findBodyLinks } from './find-body-links.js'
import type { IssueDraft } from './skill-issue.js'

export const maxBodyLines = 500
export const maxBodyTokens = 5000

/**
 * Warns when the body passes the spec's progressive-disclosure budget (500 lines, ~5000 tokens),
 * and, when the skill's file list is known, when a relative link points at a missing file or
 * outside the skill.
 */
export function validateBody(
  body: string,
  bodyStartLine: number,
  files: ReadonlySet<string> | undefined,
): IssueDraft[] {
  const issues: IssueDraft[] = []
  const lines = countLines(body)
  if (lines > maxBodyLines) {
    issues.push({
      code: SkillErrorCode.BodyTooManyLines,
      message: `The body has ${lines} lines; keep it under ${maxBodyLines}`,
      hint: 'Move detailed reference material to files under references/.',
      path: 'SKILL.md',
    })
  }
  const tokens = estimateTokens(body)
  if (tokens > maxBodyTokens) {
    issues.push({
      code: SkillErrorCode.BodyTooManyTokens,
      message: `The body is about ${tokens} tokens; keep it under ${maxBodyTokens}`,
      hint: 'Agents load the whole body on activation; split it into referenced files.',
      path: 'SKILL.md',
    })
  }
  if (files) issues.push(...validateLinks(body, bodyStartLine, files))
  return issues
}

function countLines(text: string): number {
  if (text === '') return 0
  let count = 1
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i)
    if (unit === 10 || (unit === 13 && text.charCodeAt(i + 1) !== 10)) count += 1
  }
  return text.endsWith('\n') || text.endsWith('\r') ? count - 1 : count
}

/** A cheap token estimate: about four ASCII characters per token, one token per other character. */
export function estimateTokens(text: string): number {
  let ascii = 0
  let other = 0
  for (let i = 0; i < text.length; i += 1) {
    if (text.charCodeAt(i) < 128) ascii += 1
    else other += 1
  }
  return Math.ceil(ascii / 4) + other
}

function validateLinks(
  body: string,
  bodyStartLine: number,
  files: ReadonlySet<string>,
): IssueDraft[] {
  const issues: IssueDraft[] = []
  for (const link of findBodyLinks(body, bodyStartLine)) {
    const resolved = resolveRelative(link.target)
    if (resolved === undefined) {
      issues.push({
        code: SkillErrorCode.LinkOutsideSkill,
        message: `Link '${link.target}' points outside the skill`,
        hint: 'Installed skills are copied alone; bundle the file inside the skill.',
        path: 'SKILL.md',
        line: link.line,
      })
    } else if (!files.has(resolved) && !isDirectoryOf(resolved, files)) {
      issues.push({
        code: SkillErrorCode.LinkBroken,
        message: `Link '${link.target}' points to a file that is not in the skill`,
        hint: 'Fix the path (relative to the skill root) or add the file.',
        path: 'SKILL.md',
        line: link.line,
      })
    }
  }
  return issues
}

function resolveRelative(target: string): string | undefined {
  const parts: string[] = []
  for (const segment of target.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (parts.length === 0) return undefined
      parts.pop()
    } else {
      parts.push(segment)
    }
  }
  return parts.join('/').normalize('NFC')
}

function isDirectoryOf(path: string, files: ReadonlySet<string>): boolean {
  const prefix = `${path}/`
  for (const file of files) if (file.startsWith(prefix)) return true
  return false
}
