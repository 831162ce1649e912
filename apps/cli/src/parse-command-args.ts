import { type ParseArgsConfig, parseArgs } from 'node:util'
import { usageError } from './cli-error-codes.js'

/**
 * Runs a `node:util` parseArgs call and turns its argument errors (unknown option, missing value)
 * into CLI_USAGE errors (exit 2) instead of Node's TypeError.
 */
function withUsageErrors<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      throw usageError(error.message)
    }
    throw error
  }
}

/** The option every command accepts. */
const jsonOption = { json: { type: 'boolean' } } as const

type CommandOptions = NonNullable<ParseArgsConfig['options']>
type CommandConfig<O extends CommandOptions> = {
  args: string[]
  options: O
  allowPositionals: true
  strict: true
}

/**
 * Parses a command's arguments: strict (unknown options are CLI_USAGE), positionals allowed,
 * `--json` accepted by every command. One call per command, so all commands parse alike.
 */
export function parseCommandArgs<const O extends CommandOptions>(
  args: readonly string[],
  options: O,
): ReturnType<typeof parseArgs<CommandConfig<O & typeof jsonOption>>> {
  return withUsageErrors(() =>
    parseArgs({
      args: [...args],
      options: { ...jsonOption, ...options },
      allowPositionals: true,
      strict: true,
    }),
  )
}
