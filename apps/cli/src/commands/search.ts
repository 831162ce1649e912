import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'

const usage = `Usage: skillship search [query] [--limit N] [--cursor C] [--registry URL] [--json]

Lists skills whose name or description contains the query (case-insensitive), by name.`

export const searchCommand: Command = { usage, run }

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    limit: { type: 'string' },
    cursor: { type: 'string' },
    registry: { type: 'string' },
  })
  if (positionals.length > 1) throw usageError('search takes one query (quote it if it has spaces)')
  const limit = values.limit === undefined ? undefined : Number(values.limit)
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100))
    throw usageError('--limit must be a whole number from 1 to 100')
  const { client } = await openRegistry(io, values.registry)
  const page = await client.search({
    q: positionals[0] ?? '',
    ...(limit === undefined ? {} : { limit }),
    ...(values.cursor === undefined ? {} : { cursor: values.cursor }),
  })
  const width = Math.max(4, ...page.items.map((item) => item.name.length))
  const text = page.items.map(
    (item) =>
      `${item.name.padEnd(width)}  ${(item.latest ?? '-').padEnd(10)}  ${item.description.slice(0, 80)}`,
  )
  if (page.items.length === 0) text.push('No skills found.')
  if (page.nextCursor !== null)
    text.push(`More: skillship search ${positionals[0] ?? "''"} --cursor ${page.nextCursor}`)
  return {
    exitCode: ExitCode.Ok,
    data: { items: page.items, nextCursor: page.nextCursor },
    text,
    errors: [],
  }
}
