import { relative } from 'node:path'
import type { SkillIssue } from '@skillship/core'
import type { LintedSkill } from '@skillship/core/node'
import type { LintSummary } from '../commands/lint-summary.js'
import { paint } from './paint.js'

interface RenderOptions {
  readonly summary: LintSummary
  readonly strict: boolean
  readonly cwd: string
  readonly color: boolean
}

/** Renders lint results for people: one line per skill, its issues with hints, then a summary. */
export function renderLintReport(skills: readonly LintedSkill[], options: RenderOptions): string[] {
  const { color } = options
  const lines: string[] = []
  for (const skill of skills) {
    const failing = skill.issues.some(
      (i) => i.severity === 'error' || (options.strict && i.severity === 'warning'),
    )
    const mark = failing ? paint('red', '✗', color) : paint('green', '✓', color)
    const shown = relative(options.cwd, skill.path) || '.'
    lines.push(
      `${mark} ${shown}${skill.name === undefined ? '' : paint('dim', ` (${skill.name})`, color)}`,
    )
    for (const change of skill.fixed)
      lines.push(`    ${paint('cyan', 'fixed', color)}    ${change}`)
    for (const issue of skill.issues) lines.push(...renderIssue(issue, color))
  }
  const { summary } = options
  const noun = summary.skills === 1 ? 'skill' : 'skills'
  lines.push(
    `${summary.skills} ${noun}: ${summary.passed} passed, ${summary.failed} failed · ${summary.errors} errors, ${summary.warnings} warnings`,
  )
  return lines
}

const severityStyle = { error: 'red', warning: 'yellow', info: 'cyan' } as const

function renderIssue(issue: SkillIssue, color: boolean): string[] {
  const where =
    issue.path === undefined
      ? ''
      : `${issue.path}${issue.line === undefined ? '' : `:${issue.line}`} `
  const label = paint(severityStyle[issue.severity], issue.severity.padEnd(7), color)
  const lines = [
    `    ${label}  ${paint('dim', where, color)}${issue.message} ${paint('dim', `[${issue.code}]`, color)}`,
  ]
  if (issue.hint) lines.push(`             ${paint('dim', `hint: ${issue.hint}`, color)}`)
  return lines
}
