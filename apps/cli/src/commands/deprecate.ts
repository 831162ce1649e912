import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { parseExactSpec } from './parse-skill-spec.js'

const usage = `Usage: skillship deprecate <name>@<version> <message> [--registry URL] [--json]
       skillship deprecate <name>@<version> --undo

Marks a version deprecated with a message (installs still work and warn), or removes the mark.`

export const deprecateCommand: Command = { usage, run }

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    undo: { type: 'boolean' },
    registry: { type: 'string' },
  })
  const [spec, message] = positionals
  const undo = values.undo === true
  if (
    spec === undefined ||
    (undo ? positionals.length !== 1 : positionals.length !== 2 || !message?.trim())
  ) {
    throw usageError('deprecate needs <name>@<version> and a message, or --undo')
  }
  const { name, version } = parseExactSpec(spec)
  const { client } = await openRegistry(io, values.registry, { needsToken: true })
  const updated = await client.updateVersion(name, version, {
    deprecated: undo ? null : (message ?? null),
  })
  return {
    exitCode: ExitCode.Ok,
    data: { name, version, deprecated: updated.deprecated ?? null },
    text: [
      undo
        ? `${name}@${version} is no longer deprecated`
        : `${name}@${version} deprecated: ${updated.deprecated ?? ''}`,
    ],
    errors: [],
  }
}
