import { SkillshipError } from '@skillship/core/errors'
import { didYouMean } from './did-you-mean.js'

/** Codes of the command line itself (documented in docs/errors.md). */
export const CliErrorCode = {
  Usage: 'CLI_USAGE',
  UnknownCommand: 'CLI_UNKNOWN_COMMAND',
  UnknownOption: 'CLI_UNKNOWN_OPTION',
  WriteFailed: 'CLI_WRITE_FAILED',
  ConfigInvalid: 'CLI_CONFIG_INVALID',
  InitExists: 'CLI_INIT_EXISTS',
  /**
   * `skillship server` with embedded SQLite where the optional better-sqlite3 driver is not
   * installed (the packed CLI on a machine that could not build it). A SERVE_* code, raised by the
   * CLI: only its packaging makes the driver optional.
   */
  SqliteUnavailable: 'SERVE_SQLITE_UNAVAILABLE',
} as const

export type CliErrorCode = (typeof CliErrorCode)[keyof typeof CliErrorCode]

/** A usage error: wrong arguments or options. Exits with 2. */
export function usageError(
  message: string,
  hint = 'Run `skillship help` for usage.',
): SkillshipError<CliErrorCode> {
  return new SkillshipError(CliErrorCode.Usage, message, { hint })
}

/**
 * CLI_UNKNOWN_COMMAND (exit 2) for an action a command does not have (`dist-tag ad`), its hint
 * naming the closest of `actions` and the command's help. Raised before any registry call, so a
 * typo is a usage error and not a login or network one.
 */
export function unknownActionError(
  command: string,
  action: string,
  actions: readonly string[],
): SkillshipError<CliErrorCode> {
  return new SkillshipError(CliErrorCode.UnknownCommand, `Unknown ${command} action '${action}'`, {
    hint: `${didYouMean(action, actions)}Run \`skillship help ${command}\` for usage.`,
  })
}
