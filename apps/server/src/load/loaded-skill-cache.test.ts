import { describe, expect, it } from 'vitest'
import type { LoadedSkill } from './loaded-skill.js'
import { createLoadedSkillCache } from './loaded-skill-cache.js'

const skill = (name: string, memoryBytes: number): LoadedSkill => ({
  name,
  version: '1.0.0',
  integrity: 'sha512-x',
  frontmatter: {},
  description: '',
  body: '',
  signatures: undefined,
  files: [],
  memoryBytes,
  json: new Uint8Array(),
  etag: '"x"',
})

describe('createLoadedSkillCache', () => {
  it('answers a miss by loading, then a hit without loading', async () => {
    const cache = createLoadedSkillCache(1000)
    let loads = 0
    const load = async () => {
      loads += 1
      return skill('a', 10)
    }
    expect((await cache.getOrLoad('a@1', load)).cache).toBe('miss')
    expect((await cache.getOrLoad('a@1', load)).cache).toBe('hit')
    expect(loads).toBe(1)
    expect(cache.stats()).toEqual({ entries: 1, bytes: 10 })
  })

  it('evicts the least recently used entries to stay within the byte bound', async () => {
    const cache = createLoadedSkillCache(1000)
    for (const key of ['a', 'b', 'c']) await cache.getOrLoad(key, async () => skill(key, 250))
    cache.get('a')
    await cache.getOrLoad('d', async () => skill('d', 250))
    await cache.getOrLoad('e', async () => skill('e', 250))
    expect(cache.stats()).toEqual({ entries: 4, bytes: 1000 })
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')?.name).toBe('a')
    await cache.getOrLoad('f', async () => skill('f', 200))
    expect(cache.get('c')).toBeUndefined()
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000)
  })

  it('serves but does not cache an entry above a quarter of the bound', async () => {
    const cache = createLoadedSkillCache(1000)
    await cache.getOrLoad('small', async () => skill('small', 100))
    const big = await cache.getOrLoad('big', async () => skill('big', 251))
    expect(big.skill.name).toBe('big')
    expect(cache.get('big')).toBeUndefined()
    expect(cache.stats()).toEqual({ entries: 1, bytes: 100 })
  })

  it('shares one load among concurrent misses of a key', async () => {
    const cache = createLoadedSkillCache(1000)
    let loads = 0
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const load = async () => {
      loads += 1
      await gate
      return skill('a', 10)
    }
    const waiting = Array.from({ length: 1000 }, () => cache.getOrLoad('a@1', load))
    release()
    const outcomes = await Promise.all(waiting)
    expect(loads).toBe(1)
    expect(new Set(outcomes.map((o) => o.skill)).size).toBe(1)
    expect(outcomes.every((o) => o.cache === 'miss')).toBe(true)
  })

  it('caches no failure: every waiting caller gets the error and the next caller retries', async () => {
    const cache = createLoadedSkillCache(1000)
    let loads = 0
    const failing = async (): Promise<LoadedSkill> => {
      loads += 1
      throw new Error('broken blob')
    }
    const results = await Promise.allSettled([
      cache.getOrLoad('a@1', failing),
      cache.getOrLoad('a@1', failing),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(loads).toBe(1)
    expect(cache.stats().entries).toBe(0)
    expect((await cache.getOrLoad('a@1', async () => skill('a', 10))).cache).toBe('miss')
    expect(cache.stats().entries).toBe(1)
  })

  it('does not cache a load that was in flight when the cache was cleared', async () => {
    const cache = createLoadedSkillCache(1000)
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const pending = cache.getOrLoad('a@1', async () => {
      await gate
      return skill('a', 10)
    })
    cache.clear()
    release()
    expect((await pending).skill.name).toBe('a')
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0 })
  })
})
