import { describe, expect, it } from 'vitest'
import { createTarballCache } from './tarball-cache.js'

const bytes = (size: number, fill = 1) => new Uint8Array(size).fill(fill)

describe('createTarballCache', () => {
  it('stays within its byte bound, dropping the least recently used tarball first', () => {
    const cache = createTarballCache(1000)
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, bytes(250))
    cache.get('a')
    cache.set('e', bytes(250))
    expect(['a', 'b', 'c', 'd', 'e'].map((key) => cache.get(key) !== undefined)).toEqual([
      true,
      false,
      true,
      true,
      true,
    ])
  })

  it('does not cache a tarball above a quarter of the bound, and keeps the first copy of a key', () => {
    const cache = createTarballCache(1000)
    cache.set('big', bytes(251))
    expect(cache.get('big')).toBeUndefined()
    cache.set('a', bytes(10, 1))
    cache.set('a', bytes(10, 2))
    expect(cache.get('a')?.[0]).toBe(1)
  })
})
