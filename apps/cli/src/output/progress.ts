import type { InstallProgress } from '@skillship/installer'
import type { CliIo } from '../command.js'

/**
 * Shows an install's long work on stderr. On a TTY: one status line, rewritten in place, naming
 * the phase, the skill, what the tool is doing and the time the step has taken so far (ticking
 * once a second while a step runs); warnings stay on their own line. Elsewhere (CI logs, pipes):
 * one line per step (an environment build starting, all downloads done) and every warning, each
 * with the time since the install started, and never the tools' own chatter (nor a line per
 * registry download: those are quick and would bury the steps that take minutes).
 */
export function progressReporter(
  io: CliIo,
  // process.hrtime, not performance.now: the `performance` global loads node:perf_hooks (~5 ms)
  // on first read, in every install, for a reporter that usually prints nothing.
  now: () => number = () => Number(process.hrtime.bigint()) / 1e6,
): (progress: InstallProgress) => void {
  return io.stderr.isTTY === true ? ttyReporter(io, now) : lineReporter(io, now)
}

function lineReporter(io: CliIo, now: () => number): (progress: InstallProgress) => void {
  const started = now()
  const print = (text: string) => io.stderr.write(`[${seconds(now() - started)}] ${text}\n`)
  return (progress) => {
    if (progress.kind === 'step') print(`${progress.phase} ${progress.name}: ${progress.detail}`)
    else if (progress.kind === 'warning') print(`warning: ${progress.name}: ${progress.detail}`)
  }
}

function ttyReporter(io: CliIo, now: () => number): (progress: InstallProgress) => void {
  let stepStarted = now()
  let status = ''
  let ticker: ReturnType<typeof setInterval> | undefined
  const render = () => io.stderr.write(`\r\u001b[2K${status} (${seconds(now() - stepStarted)})`)
  const stopTicking = () => {
    if (ticker !== undefined) clearInterval(ticker)
    ticker = undefined
  }
  return (progress) => {
    if (progress.kind === 'warning') {
      io.stderr.write(`\r\u001b[2Kwarning: ${progress.name}: ${progress.detail}\n`)
      render()
      return
    }
    if (progress.kind === 'step') stepStarted = now()
    const count = progress.total > 0 ? ` ${progress.done}/${progress.total}` : ''
    const detail = progress.detail === undefined ? '' : `: ${progress.detail.slice(0, 100)}`
    status = `${progress.phase}${count} ${progress.name}${detail}`
    render()
    if (progress.total > 0 && progress.done === progress.total) {
      stopTicking()
      io.stderr.write('\n')
      return
    }
    // While a tool works silently, the elapsed time still moves; never keeps the process alive.
    ticker ??= setInterval(render, 1000)
    ticker.unref?.()
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`
}
