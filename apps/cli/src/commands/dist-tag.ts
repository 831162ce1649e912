import { unknownActionError, usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { parseExactSpec } from './parse-skill-spec.js'

const usage = `Usage:
  skillship dist-tag add <name>@<version> <tag>   point a tag at a version
  skillship dist-tag rm <name> <tag>              remove a tag (not latest)
  skillship dist-tag ls <name>                    list tags
Options: --registry URL, --json`

export const distTagCommand: Command = { usage, run }

const actions = ['add', 'rm', 'remove', 'ls', 'list']

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, { registry: { type: 'string' } })
  const [action, first, tag] = positionals
  if (action !== undefined && !actions.includes(action)) {
    throw unknownActionError('dist-tag', action, actions)
  }
  const { client } = await openRegistry(io, values.registry, {
    needsToken: action !== 'ls' && action !== 'list',
  })
  let answer: { name: string; distTags: Readonly<Record<string, string>> }
  if (action === 'add' && first !== undefined && tag !== undefined && positionals.length === 3) {
    const { name, version } = parseExactSpec(first)
    answer = await client.setDistTag(name, tag, version)
  } else if (
    (action === 'rm' || action === 'remove') &&
    first !== undefined &&
    tag !== undefined &&
    positionals.length === 3
  ) {
    answer = await client.removeDistTag(first, tag)
  } else if (
    (action === 'ls' || action === 'list') &&
    first !== undefined &&
    positionals.length === 2
  ) {
    answer = await client.getDistTags(first)
  } else {
    throw usageError('dist-tag needs add <name>@<version> <tag>, rm <name> <tag> or ls <name>')
  }
  return {
    exitCode: ExitCode.Ok,
    data: { name: answer.name, distTags: answer.distTags },
    text: Object.entries(answer.distTags).map(([t, v]) => `${t}: ${v}`),
    errors: [],
  }
}
