import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { parseExactSpec } from './parse-skill-spec.js'

const usage = `Usage: skillship yank <name>@<version> [--undo] [--registry URL] [--json]

Hides a version from range resolution (it stays downloadable by exact version, so existing
lockfiles keep installing). --undo restores it.`

export const yankCommand: Command = { usage, run }

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    undo: { type: 'boolean' },
    registry: { type: 'string' },
  })
  if (positionals.length !== 1 || positionals[0] === undefined)
    throw usageError('yank takes one <name>@<version>')
  const { name, version } = parseExactSpec(positionals[0])
  const { client } = await openRegistry(io, values.registry, { needsToken: true })
  const updated = await client.updateVersion(name, version, { yanked: values.undo !== true })
  return {
    exitCode: ExitCode.Ok,
    data: { name, version, yanked: updated.yanked },
    text: [updated.yanked ? `${name}@${version} yanked` : `${name}@${version} restored`],
    errors: [],
  }
}
