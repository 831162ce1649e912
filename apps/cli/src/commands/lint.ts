import { resolve } from 'node:path'
import { isTargetId, type SkillIssue, targetIds } from '@skillship/core'
import { type LintedSkill, lintPath } from '@skillship/core/node'
import { usageError } from '../cli-error-codes.js'
import type { CliErrorEntry, CliIo, Command, CommandResult } from '../command.js'
import { ExitCode, exitCodeFor, worstExitCode } from '../exit-codes.js'
import { renderLintReport } from '../output/render-lint-report.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { summarizeLint } from './lint-summary.js'

const usage = `Usage: skillship lint [paths...] [--target T] [--strict] [--fix] [--json]

Validates skills against the Agent Skills spec (as the reference validator judges it) and what
agents break on in the wild. A path is a skill folder, a SKILL.md, a folder of skills, or a .tgz
or .zip archive (unpacked safely to a temporary folder). Default path: the current folder.

Options:
  --target T   ${targetIds.join('|')} (default generic): which vendor keys are
               accepted and which findings are errors
  --strict     fail on warnings too
  --fix        rewrite SKILL.md as UTF-8 without BOM, with LF line endings and a single-line
               quoted description, and nothing else (folders only, never archives)
  --json       print one JSON object`

export const lintCommand: Command = { usage, run }

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    target: { type: 'string' },
    strict: { type: 'boolean' },
    fix: { type: 'boolean' },
  })
  const target = values.target ?? 'generic'
  if (!isTargetId(target))
    throw usageError(`Unknown target '${target}'`, `Use one of: ${targetIds.join(', ')}.`)
  const strict = values.strict === true
  const skills: LintedSkill[] = []
  for (const path of positionals.length > 0 ? positionals : ['.']) {
    skills.push(...(await lintPath(resolve(io.cwd, path), { target, fix: values.fix === true })))
  }
  const failed = skills.filter((skill) => isFailing(skill.issues, strict))
  const errors = failed.flatMap((skill) =>
    skill.issues
      .filter((issue) => isFailing([issue], strict))
      .map((issue) => toEntry(skill, issue)),
  )
  const exitCode =
    failed.length === 0
      ? ExitCode.Ok
      : worstExitCode(errors.map((e) => exitCodeFor(e.code)).concat(ExitCode.Failed))
  const summary = summarizeLint(skills, failed.length)
  return {
    exitCode,
    data: { target, strict, summary, skills },
    text: renderLintReport(skills, { summary, strict, cwd: io.cwd, color: io.color }),
    errors,
  }
}

function isFailing(issues: readonly SkillIssue[], strict: boolean): boolean {
  return issues.some(
    (issue) => issue.severity === 'error' || (strict && issue.severity === 'warning'),
  )
}

function toEntry(skill: LintedSkill, issue: SkillIssue): CliErrorEntry {
  const path = issue.path === undefined ? skill.path : `${skill.path}/${issue.path}`
  return {
    code: issue.code,
    message: issue.message,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
    path,
  }
}
