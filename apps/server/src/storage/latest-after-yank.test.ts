import { describe, expect, it } from 'vitest'
import { latestAfterYank } from './latest-after-yank.js'

const v = (version: string, yanked = false) => ({ version, yanked })

describe('latestAfterYank', () => {
  it.each([
    { versions: [v('1.0.0'), v('1.1.0', true)], expected: '1.0.0' },
    { versions: [v('1.0.0'), v('1.2.0'), v('1.1.0', true)], expected: '1.2.0' },
    { versions: [v('1.0.0'), v('2.0.0-rc.1'), v('1.1.0', true)], expected: '1.0.0' },
    { versions: [v('2.0.0-rc.1'), v('2.0.0-rc.2'), v('1.1.0', true)], expected: '2.0.0-rc.2' },
    { versions: [v('1.0.0', true), v('1.1.0', true)], expected: undefined },
    { versions: [], expected: undefined },
  ])('$versions -> $expected', ({ versions, expected }) => {
    expect(latestAfterYank(versions)).toBe(expected)
  })
})
