import { describe, expect, it } from 'vitest'
import { type ProgressKind, withPipRetryWarning } from './tool-progress.js'

describe('withPipRetryWarning', () => {
  it('passes lines on and warns once, naming --skip-runtimes, when pip starts retrying', () => {
    const seen: [string, ProgressKind | undefined][] = []
    const onLine = withPipRetryWarning((line, kind) => seen.push([line, kind]))
    onLine('Looking in indexes: http://127.0.0.1:9/simple')
    const retry =
      "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError': /simple/pkgx/"
    onLine(retry)
    onLine(retry.replace('total=4', 'total=3'))
    const warnings = seen.filter(([, kind]) => kind === 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.[0]).toContain('--skip-runtimes')
    expect(seen.filter(([, kind]) => kind === 'output')).toHaveLength(3)
  })
})
