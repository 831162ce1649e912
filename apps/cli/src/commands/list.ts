import { listSkills, outdatedSkills } from '@skillship/installer'
import { usageError } from '../cli-error-codes.js'
import type { Command } from '../command.js'
import { installerOptionsFor } from '../config/installer-options.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'

/** The options of commands over installed skills: the scope and the registry. */
export const installedSkillsOptions = {
  global: { type: 'boolean', short: 'g' },
  registry: { type: 'string' },
} as const
const options = installedSkillsOptions

export const listCommand: Command = {
  usage:
    'Usage: skillship list [-g|--global] [--json]\n\nLists the skills of skillship.json/skillship.lock, where skillship placed them, and which placed folders were modified or deleted since.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options)
    if (positionals.length > 0) throw usageError('this command takes no arguments')
    const listed = await listSkills(
      await installerOptionsFor(io, { global: values.global === true, registry: values.registry }),
    )
    const text = listed.skills.map(
      (s) =>
        `${s.name}@${s.version ?? '(not installed)'}  ${s.spec ?? ''}  ${s.placements.map((p) => p.agent).join(', ')}${modifiedText(s.modified)}${missingText(s.missing)}`,
    )
    if (text.length === 0) text.push('No skills. Add one with `skillship add <spec>`.')
    return { exitCode: ExitCode.Ok, data: listed, text, errors: [] }
  },
}

// An edited skill says where and what, as INSTALL_LOCAL_CHANGES will.
function modifiedText(modified: readonly { path: string; files: readonly string[] }[]): string {
  if (modified.length === 0) return ''
  const where = modified.map((m) => `${m.path} (${m.files.join(', ')})`)
  return `  modified: ${where.join('; ')}`
}

// A placed folder deleted by hand: sync (or install) puts it back.
function missingText(missing: readonly string[]): string {
  return missing.length === 0 ? '' : `  missing: ${missing.join('; ')} (skillship sync restores it)`
}

export const outdatedCommand: Command = {
  usage:
    'Usage: skillship outdated [-g|--global] [--json]\n\nShows registry skills whose range allows a newer version (wanted) or whose latest is newer, and git\nskills whose branch or tag names another commit than the locked one (git ls-remote).',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options)
    if (positionals.length > 0) throw usageError('this command takes no arguments')
    const rows = await outdatedSkills(
      await installerOptionsFor(io, { global: values.global === true, registry: values.registry }),
    )
    const text = rows.map((r) =>
      r.git === undefined
        ? `${r.name}  current ${r.current ?? '-'}  wanted ${r.wanted ?? '-'}  latest ${r.latest ?? '-'}  (${r.spec})`
        : `${r.name}  current ${r.current ?? '-'} (commit ${r.git.commit.slice(0, 12)})  ${r.git.ref} is at ${r.git.latestCommit.slice(0, 12)}  (${r.spec})`,
    )
    if (text.length === 0) text.push('Everything is up to date.')
    return { exitCode: ExitCode.Ok, data: { outdated: rows }, text, errors: [] }
  },
}
