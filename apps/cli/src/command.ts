import type { ExitCode } from './exit-codes.js'

/** Where a command writes: stdout for results, stderr for progress and diagnostics. */
export interface CliIo {
  readonly stdout: { write(text: string | Uint8Array): unknown }
  readonly stderr: { write(text: string | Uint8Array): unknown; readonly isTTY?: boolean }
  readonly cwd: string
  readonly color: boolean
  /** The environment variables commands may read (SKILLSHIP_*, DATABASE_URL, ...). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** The user's home folder (skillship keeps its config in `~/.skillship` unless SKILLSHIP_HOME says otherwise). */
  readonly home: string
  /** Resolves with the signal name when the process is asked to stop (SIGTERM, SIGINT). */
  waitForShutdown(): Promise<string>
}

/** One error in the JSON output and in text diagnostics. */
export interface CliErrorEntry {
  readonly code: string
  readonly message: string
  readonly hint?: string
  readonly path?: string
}

/** What a command returns: data for `--json`, lines for people, and how the process should exit. */
export interface CommandResult {
  readonly exitCode: ExitCode
  /** A child process's exit code passed through as the CLI's own (`skillship run`). */
  readonly processExitCode?: number
  readonly data: Readonly<Record<string, unknown>>
  readonly text: readonly string[]
  readonly errors: readonly CliErrorEntry[]
}

/** A command module: its usage text and its run function. Commands never print or exit. */
export interface Command {
  readonly usage: string
  /**
   * Arguments after the command's own belong to someone else (`skillship run`'s script): only the
   * options before the first positional are read for `--help` and `--json`.
   */
  readonly passThroughArgs?: boolean
  run(args: readonly string[], io: CliIo): Promise<CommandResult>
}
