import { describe, expect, it } from 'vitest'
import { defaultTreeLimits, resolveTreeLimits } from './tree-limits.js'

describe('resolveTreeLimits', () => {
  it('pins the defaults', () => {
    expect(defaultTreeLimits).toEqual({
      maxFiles: 10_000,
      maxTotalBytes: 100 * 1024 * 1024,
      maxFileBytes: 25 * 1024 * 1024,
      maxDepth: 16,
    })
  })

  it('merges overrides and keeps defaults for undefined keys', () => {
    expect(resolveTreeLimits({ maxFiles: 3 })).toEqual({ ...defaultTreeLimits, maxFiles: 3 })
  })

  it.each([-1, 1.5, Number.NaN])('rejects %s as a programmer error', (value) => {
    expect(() => resolveTreeLimits({ maxDepth: value })).toThrow(Error)
  })
})
