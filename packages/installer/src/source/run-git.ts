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
 * The transports git may use, whatever a URL, a repository's config or a submodule asks for:
 * the ones parseGitSpec accepts. `ext::` (runs a command) and `fd::` (reads a file descriptor,
 * hangs) and every other transport helper are refused by git itself.
 */
const allowedProtocols = 'https:http:ssh:file'

// The exit code and stderr line by which the watchdog says git could not be started.
const notFoundExit = 127
const notFoundMarker = 'skillship-git-watchdog: ENOENT'

/**
 * Runs git (argv[1], arguments after it) as the leader of its own process group and owns that
 * group: when git ends, when this watchdog is told to stop (SIGTERM from the runner's timeout,
 * SIGINT, SIGHUP) and when its stdin closes (the install that spawned it died, even by SIGKILL),
 * the whole group is killed, so no remote helper, ssh or upload-pack outlives the install.
 * CommonJS on purpose: `node -e` runs it without a file or a module loader.
 */
const watchdog = `
const { spawn } = require('node:child_process')
const [binary, ...args] = process.argv.slice(1)
const git = spawn(binary, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true })
const killGroup = () => {
  try { process.kill(-git.pid, 'SIGKILL') } catch (error) { if (error.code !== 'ESRCH') throw error }
}
const stop = (code) => { if (git.pid !== undefined) killGroup(); process.exit(code) }
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stop(143))
process.stdin.on('end', () => stop(143))
process.stdin.on('error', () => stop(143))
process.stdin.resume()
git.on('error', (error) => {
  if (error.code !== 'ENOENT') throw error
  process.stderr.write('${notFoundMarker}\\n')
  process.exit(${notFoundExit})
})
git.on('exit', (code, signal) => stop(code ?? (signal === null ? 1 : 128)))
`

/**
 * A git runner that never uses a shell (arguments go to execFile as they are; callers put `--`
 * before user values), never prompts (GIT_TERMINAL_PROMPT=0, so a private repo fails instead of
 * hanging), allows only the https, http, ssh and file transports (GIT_ALLOW_PROTOCOL), aborts
 * HTTP transfers stalled for a minute, and kills git with every process it started after the
 * timeout or when this process dies (see `watchdog`). Failures throw INSTALL_GIT_FAILED with
 * git's stderr.
 */
export function createGitRunner(options: GitRunnerOptions = {}): RunGit {
  const binary = options.binary ?? 'git'
  const timeout = options.timeoutMs ?? 120_000
  const env = {
    ...(options.env ?? process.env),
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: allowedProtocols,
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_HTTP_LOW_SPEED_LIMIT: '1',
    GIT_HTTP_LOW_SPEED_TIME: '60',
  }
  return (args, cwd) =>
    new Promise((resolve, reject) => {
      const run = { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' } as const
      const child = execFile(
        process.execPath,
        ['-e', watchdog, binary, ...args],
        run,
        (error, stdout, stderr) => {
          if (error === null) resolve(stdout)
          else reject(gitFailed(args, error, stderr, timeout))
        },
      )
      // The pipe the watchdog watches: it closes when this process ends, however it ends.
      child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') reject(error)
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
  const notFound = error.code === notFoundExit && stderr.includes(notFoundMarker)
  const reason = notFound
    ? 'git is not installed or not on PATH'
    : error.killed === true
      ? `timed out after ${timeoutMs} ms`
      : stderr.trim().slice(-maxStderrChars) || error.message
  return new SkillshipError(InstallErrorCode.GitFailed, `${command} failed: ${reason}`, {
    hint: notFound
      ? 'Install git to use git+ sources.'
      : 'Check the repository URL, the ref and your access to the repository.',
    cause: error,
    details: { args },
  })
}
