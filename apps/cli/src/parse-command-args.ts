import { type ParseArgsConfig, parseArgs } from 'node:util'
import { SkillshipError } from '@skillship/core/errors'
import { CliErrorCode, usageError } from './cli-error-codes.js'
import { didYouMean } from './did-you-mean.js'

/**
 * Runs a `node:util` parseArgs call and turns its argument errors into coded usage errors (exit
 * 2) instead of Node's TypeError: an unknown option becomes CLI_UNKNOWN_OPTION naming the closest
 * known one, anything else (a missing value, a stray positional) CLI_USAGE.
 */
function withUsageErrors<T>(parse: () => T, options: CommandOptions): T {
  try {
    return parse()
  } catch (error) {
    if (!(error instanceof TypeError) || !('code' in error)) throw error
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw unknownOption(error.message, options)
    if (String(error.code).startsWith('ERR_PARSE_ARGS')) throw usageError(error.message)
    throw error
  }
}

// Node's message: "Unknown option '--agents'. To specify a positional argument ..."; only the
// option itself is kept.
function unknownOption(message: string, options: CommandOptions): SkillshipError {
  const option = /^Unknown option '([^']*)'/.exec(message)?.[1] ?? message
  const known: string[] = []
  for (const [name, config] of Object.entries(options)) {
    known.push(`--${name}`)
    if (config.short !== undefined) known.push(`-${config.short}`)
  }
  return unknownOptionError(option, known)
}

/** CLI_UNKNOWN_OPTION (exit 2) for `option`, its hint naming the closest of `known` (or --help). */
export function unknownOptionError(option: string, known: readonly string[]): SkillshipError {
  return new SkillshipError(CliErrorCode.UnknownOption, `Unknown option '${option}'`, {
    hint: `${didYouMean(option, [...known, '--help'])}Run \`skillship help <command>\` for its options.`,
  })
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
  const all = { ...jsonOption, ...options }
  return withUsageErrors(
    () => parseArgs({ args: [...args], options: all, allowPositionals: true, strict: true }),
    all,
  )
}
