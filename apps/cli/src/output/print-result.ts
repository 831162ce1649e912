import type { CliIo, CommandResult } from '../command.js'
import { paint } from './paint.js'

/**
 * The one output layer: with `json`, one JSON object `{ ok, ...data, errors }` on stdout;
 * otherwise the command's text lines on stdout, or, for a command that rendered no text (it
 * failed before producing a result), its errors with hints on stderr.
 * Returns the exit code to use.
 */
export function printResult(result: CommandResult, options: { io: CliIo; json: boolean }): number {
  const { io, json } = options
  const exitCode = result.processExitCode ?? result.exitCode
  if (json) {
    const body = { ok: exitCode === 0, ...result.data, errors: result.errors }
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`)
    return exitCode
  }
  for (const line of result.text) io.stdout.write(`${line}\n`)
  if (result.text.length > 0 || result.errors.length === 0) return exitCode
  for (const error of result.errors) {
    io.stderr.write(`${paint('red', 'error', io.color)} ${error.code}: ${error.message}\n`)
    if (error.hint) io.stderr.write(`  ${paint('dim', `hint: ${error.hint}`, io.color)}\n`)
  }
  return exitCode
}
