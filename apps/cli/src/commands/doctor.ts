import type { Finding } from '@skillship/installer/doctor'
import { usageError } from '../cli-error-codes.js'
import type { Command } from '../command.js'
import { installerOptionsFor } from '../config/installer-options.js'
import { ExitCode } from '../exit-codes.js'
import { paint } from '../output/paint.js'
import { parseCommandArgs } from '../parse-command-args.js'

const options = { global: { type: 'boolean', short: 'g' } } as const

const marks = {
  ok: ['✓', 'green'],
  warn: ['!', 'yellow'],
  error: ['✗', 'red'],
} as const

export const doctorCommand: Command = {
  usage:
    'Usage: skillship doctor [-g|--global] [--json]\n\n' +
    'Checks this machine and project without changing anything: Node and Python for the installed\n' +
    'skills, pip settings, write permissions, leftovers of killed installs, broken links, skill\n' +
    'environments and SKILL.md files agents would drop. Exits 1 when a check finds an error.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options)
    if (positionals.length > 0) throw usageError('this command takes no arguments')
    const installerOptions = await installerOptionsFor(io, {
      global: values.global === true,
      registry: undefined,
    })
    // Loaded on use: the checks (and core's frontmatter validator) are only needed here.
    const { runDoctor } = await import('@skillship/installer/doctor')
    const report = await runDoctor(installerOptions)
    return {
      exitCode: report.ok ? ExitCode.Ok : ExitCode.Failed,
      data: { findings: report.findings },
      text: renderFindings(report.findings, io.color),
      errors: [],
    }
  },
}

/** `✓|!|✗ <check>: <message>`, then `  fix: <fix>` when there is one, and a summary line. */
export function renderFindings(findings: readonly Finding[], color: boolean): string[] {
  const lines: string[] = []
  for (const found of findings) {
    const [mark, style] = marks[found.status]
    lines.push(`${paint(style, mark, color)} ${found.check}: ${found.message}`)
    if (found.fix !== undefined) lines.push(`  ${paint('dim', `fix: ${found.fix}`, color)}`)
  }
  const errors = findings.filter((found) => found.status === 'error').length
  const warnings = findings.filter((found) => found.status === 'warn').length
  lines.push(
    `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`,
  )
  return lines
}
