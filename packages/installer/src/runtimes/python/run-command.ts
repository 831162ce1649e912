import { spawn } from 'node:child_process'

/** How a tool exited, with the end of what it printed. */
export interface CommandResult {
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdoutTail: string
  readonly stderrTail: string
}

export interface RunCommandOptions {
  readonly env: NodeJS.ProcessEnv
  /** Called with every complete line of stdout and stderr as it arrives. */
  readonly onLine?: (line: string) => void
}

// Keeps the last 16 KiB of each stream: the error is at the end; pip's logs can be huge.
const tailBytes = 16 * 1024

/**
 * Runs `file args` without a shell (so nothing in `args` is interpreted) and resolves with its
 * exit status, whatever it is: the caller decides what a failure means. Rejects only when the
 * process cannot be started (ENOENT, EACCES).
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    })
    const stdout = collect(child.stdout, options.onLine)
    const stderr = collect(child.stderr, options.onLine)
    child.once('error', reject)
    child.once('close', (code, signal) => {
      resolve({ code, signal, stdoutTail: stdout.tail(), stderrTail: stderr.tail() })
    })
  })
}

function collect(
  stream: NodeJS.ReadableStream,
  onLine: ((line: string) => void) | undefined,
): { tail: () => string } {
  let kept = ''
  let partial = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    kept = (kept + chunk).slice(-tailBytes)
    if (onLine === undefined) return
    const lines = (partial + chunk).split(/\r?\n/)
    partial = lines.pop() ?? ''
    for (const line of lines) onLine(line)
  })
  stream.on('end', () => {
    if (onLine !== undefined && partial !== '') onLine(partial)
  })
  return { tail: () => kept }
}
