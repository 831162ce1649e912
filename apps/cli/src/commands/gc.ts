import { collectGarbage, type GcReport } from '@skillship/installer'
import { usageError } from '../cli-error-codes.js'
import type { Command } from '../command.js'
import { installerOptionsFor } from '../config/installer-options.js'
import { ExitCode } from '../exit-codes.js'
import { formatBytes } from '../output/format-bytes.js'
import { parseCommandArgs } from '../parse-command-args.js'

const options = { yes: { type: 'boolean', short: 'y' } } as const

export const gcCommand: Command = {
  usage:
    'Usage: skillship gc [--yes] [--json]\n\n' +
    'Removes the store entries and skill environments that no project on this machine uses\n' +
    '(every `skillship install` remembers its project), except what changed in the last minute.\n' +
    'Without --yes it only lists what it would remove.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options)
    if (positionals.length > 0) throw usageError('this command takes no arguments')
    const { skillshipHome, storeRoot, envsRoot, home } = await installerOptionsFor(io, {
      global: false,
      registry: undefined,
    })
    const dryRun = values.yes !== true
    const report = await collectGarbage({ skillshipHome, storeRoot, envsRoot, home, dryRun })
    return { exitCode: ExitCode.Ok, data: { ...report }, text: reportText(report), errors: [] }
  },
}

function reportText(report: GcReport): string[] {
  const { store, envs, projects } = report
  const kept = `${plural(store.kept, 'store entry', 'store entries')} and ${plural(envs.kept, 'environment', 'environments')} in use or changed in the last minute`
  const removing = store.removed.length + envs.removed.length > 0
  const lines = removing ? removedLines(report, kept) : [`Nothing to remove: ${kept}.`]
  if (projects.dropped.length > 0) {
    const verb = report.dryRun ? 'Would forget' : 'Forgot'
    const what = plural(projects.dropped.length, 'project', 'projects')
    lines.push(
      `${verb} ${what} whose folder is gone:`,
      ...projects.dropped.map((root) => `  ${root}`),
    )
  }
  if (report.dryRun && (removing || projects.dropped.length > 0)) {
    lines.push('Run `skillship gc --yes` to do it.')
  }
  return lines
}

function removedLines(report: GcReport, kept: string): string[] {
  const { store, envs } = report
  const what = `${plural(store.removed.length, 'store entry', 'store entries')} and ${plural(envs.removed.length, 'environment', 'environments')}`
  return [
    `${report.dryRun ? 'Would remove' : 'Removed'} ${what} (${formatBytes(report.bytes)}):`,
    ...store.removed.map((integrity) => `  store ${integrity}`),
    ...envs.removed.map((key) => `  env   ${key}`),
    `Kept ${kept}.`,
  ]
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}
