import { spawn } from 'node:child_process'
import type { NpmCommand } from './find-npm.js'

/** How an npm run ended. */
export interface NpmOutcome {
  /** The exit code, or null when a signal ended npm. */
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  /** The last lines npm wrote to stderr (its error report). */
  readonly stderrTail: string
}

/** Where and how to run npm. */
export interface RunNpmOptions {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  readonly onProgress?: (line: string) => void
}

const tailBytes = 16 * 1024
const tailLines = 20

/**
 * Runs npm with `args` in `cwd` and resolves when it exits, whatever its exit code; rejects only
 * when it cannot be started. Output lines go to `onProgress`; stderr's tail is kept for errors.
 */
export function runNpm(
  npm: NpmCommand,
  args: readonly string[],
  options: RunNpmOptions,
): Promise<NpmOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(npm.command, [...npm.args, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    })
    let stderr = ''
    const progress = options.onProgress
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    const stdoutLines = lineSplitter(progress)
    const stderrLines = lineSplitter(progress)
    child.stdout.on('data', stdoutLines.push)
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-tailBytes)
      stderrLines.push(chunk)
    })
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      stdoutLines.flush()
      stderrLines.flush()
      const lines = stderr.split(/\r?\n/).filter((line) => line.trim() !== '')
      resolve({ exitCode, signal, stderrTail: lines.slice(-tailLines).join('\n') })
    })
  })
}

interface LineSplitter {
  readonly push: (chunk: string) => void
  readonly flush: () => void
}

function lineSplitter(onLine: ((line: string) => void) | undefined): LineSplitter {
  let pending = ''
  const emit = (line: string) => {
    if (line.trim() !== '') onLine?.(line)
  }
  return {
    push: (chunk) => {
      if (onLine === undefined) return
      const lines = (pending + chunk).split(/\r?\n/)
      pending = lines.pop() ?? ''
      for (const line of lines) emit(line)
    },
    flush: () => {
      emit(pending)
      pending = ''
    },
  }
}
