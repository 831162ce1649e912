import { type ExecFileException, execFile } from 'node:child_process'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

/** Runs one git command (`args[0]` is the subcommand) in `cwd` and returns its stdout. */
export type RunGit = (args: readonly string[], cwd?: string) => Promise<string>

export interface GitRunnerOptions {
  /** The git executable. Default `git` (found on PATH). */
  readonly binary?: string
  /** Budget of one git command, in milliseconds. Default 120 000. */
  readonly timeoutMs?: number
  /** The environment git runs with. Default: this process's (git needs HOME, PATH, SSH agent). */
  readonly env?: Readonly<Record<string, string | undefined>>
}

const maxStderrChars = 2000

/**
 * A git runner that never uses a shell (arguments go to execFile as they are; callers put `--`
 * before user values), never prompts (GIT_TERMINAL_PROMPT=0, so a private repo fails instead of
 * hanging) and kills git after the timeout. Failures throw INSTALL_GIT_FAILED with git's stderr.
 */
export function createGitRunner(options: GitRunnerOptions = {}): RunGit {
  const binary = options.binary ?? 'git'
  const timeout = options.timeoutMs ?? 120_000
  const env = { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: '0' }
  return (args, cwd) =>
    new Promise((resolve, reject) => {
      const run = { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' } as const
      execFile(binary, args, run, (error, stdout, stderr) => {
        if (error === null) resolve(stdout)
        else reject(gitFailed(args, error, stderr, timeout))
      })
    })
}

function gitFailed(
  args: readonly string[],
  error: ExecFileException,
  stderr: string,
  timeoutMs: number,
): SkillshipError {
  const command = `git ${args[0] ?? ''}`
  const reason =
    error.code === 'ENOENT'
      ? 'git is not installed or not on PATH'
      : error.killed === true
        ? `timed out after ${timeoutMs} ms`
        : stderr.trim().slice(-maxStderrChars) || error.message
  return new SkillshipError(InstallErrorCode.GitFailed, `${command} failed: ${reason}`, {
    hint:
      error.code === 'ENOENT'
        ? 'Install git to use git+ sources.'
        : 'Check the repository URL, the ref and your access to the repository.',
    cause: error,
    details: { args },
  })
}
