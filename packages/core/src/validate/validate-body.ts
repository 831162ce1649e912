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
  // indexOf runs natively; a per-character loop costs several times more on a 5 KB body.
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1
  if (text.includes('\r')) count += (text.match(/\r(?!\n)/g) ?? []).length
  return /[\r\n]$/.test(text) ? count - 1 : count
}

const asciiRuns = /[^\u0080-\uffff]+/g

/** A cheap token estimate: about four ASCII characters per token, one token per other character. */
export function estimateTokens(text: string): number {
  const other = text.replace(asciiRuns, '').length
  return Math.ceil((text.length - other) / 4) + other
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
