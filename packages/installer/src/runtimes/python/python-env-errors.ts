import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'

/** RUNTIME_ENV_CORRUPT for the environment at `envPath`, saying what is wrong. */
export function envCorrupt(envPath: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(
    RuntimeErrorCode.EnvCorrupt,
    `The Python environment ${envPath} is damaged: ${problem}.`,
    {
      hint: '`skillship install` rebuilds it.',
      path: envPath,
      details: { problem },
      ...(cause === undefined ? {} : { cause }),
    },
  )
}

/** RUNTIME_ENV_MISSING: no environment at `envPath`. */
export function envMissing(envPath: string): SkillshipError {
  return new SkillshipError(
    RuntimeErrorCode.EnvMissing,
    `The Python environment ${envPath} does not exist on this machine.`,
    { hint: 'Run `skillship install` to build it.', path: envPath },
  )
}

/** Why building an environment failed, for RUNTIME_ENV_BUILD_FAILED. */
export interface EnvBuildFailure {
  /** What was being done, e.g. `installing packages with pip`. */
  readonly step: string
  readonly problem: string
  readonly hint: string
  /** The tail of the failing tool's stderr; its last lines go into the message. */
  readonly stderrTail?: string
  readonly command?: readonly string[]
  readonly cause?: unknown
}

// Enough of pip's output to show the actual error, not its whole log.
const messageLines = 12

/** RUNTIME_ENV_BUILD_FAILED: nothing was put in place; the message carries the tool's last words. */
export function envBuildFailed(failure: EnvBuildFailure): SkillshipError {
  const lastLines = failure.stderrTail?.trimEnd().split('\n').slice(-messageLines).join('\n')
  const output = lastLines ? `\n${lastLines}` : ''
  return new SkillshipError(
    RuntimeErrorCode.EnvBuildFailed,
    `Building a Python environment failed while ${failure.step}: ${failure.problem}.${output}`,
    {
      hint: failure.hint,
      details: {
        step: failure.step,
        ...(failure.stderrTail === undefined ? {} : { stderr: failure.stderrTail }),
        ...(failure.command === undefined ? {} : { command: [...failure.command] }),
      },
      ...(failure.cause === undefined ? {} : { cause: failure.cause }),
    },
  )
}
