import type { InstallProgress } from '@skillship/installer'
import { describe, expect, it } from 'vitest'
import type { CliIo } from '../command.js'
import { progressReporter } from './progress.js'

function capture(isTTY: boolean) {
  let stderr = ''
  let clock = 0
  const io = {
    stderr: { write: (text: string) => (stderr += text), isTTY },
  } as unknown as CliIo
  const report = progressReporter(io, () => clock)
  return {
    report,
    advance: (ms: number) => (clock += ms),
    stderr: () => stderr,
  }
}

const runtime = (detail: string, kind?: InstallProgress['kind']): InstallProgress => ({
  phase: 'runtime',
  name: 'csv-insights',
  done: 0,
  total: 0,
  detail,
  ...(kind === undefined ? {} : { kind }),
})

describe('progressReporter', () => {
  it('writes one line per step and per warning off a TTY, with the time since the start', () => {
    const run = capture(false)
    run.report({ phase: 'fetch', name: 'a', done: 1, total: 2 })
    run.advance(1500)
    run.report(runtime('building the Python environment py-1 (tabulate>=0.9)', 'step'))
    run.report(runtime('Collecting tabulate>=0.9'))
    run.advance(61_000)
    run.report(runtime('pip cannot reach the package index', 'warning'))
    expect(run.stderr().split('\n')).toEqual([
      '[1.5s] runtime csv-insights: building the Python environment py-1 (tabulate>=0.9)',
      '[63s] warning: csv-insights: pip cannot reach the package index',
      '',
    ])
  })

  it('rewrites one status line on a TTY with the step time, and keeps warnings on their own line', () => {
    const run = capture(true)
    run.report(runtime('building the Python environment py-1', 'step'))
    run.advance(2000)
    run.report(runtime('Collecting tabulate'))
    run.report(runtime('retrying', 'warning'))
    run.report({ phase: 'place', name: 'csv-insights', done: 1, total: 1 })
    const screen = run.stderr()
    expect(screen).toContain(
      '\r\u001b[2Kruntime csv-insights: building the Python environment py-1 (0.0s)',
    )
    expect(screen).toContain('\r\u001b[2Kruntime csv-insights: Collecting tabulate (2.0s)')
    expect(screen).toContain('\r\u001b[2Kwarning: csv-insights: retrying\n')
    expect(screen.endsWith('place 1/1 csv-insights (2.0s)\n')).toBe(true)
  })
})
