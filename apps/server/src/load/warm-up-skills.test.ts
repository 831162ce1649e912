import { SkillshipError } from '@skillship/core/errors'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../logging/create-logger.js'
import type { LoadedSkill } from './loaded-skill.js'
import type { LoadRequest, SkillLoader } from './skill-loader.js'
import { warmUpSkills } from './warm-up-skills.js'

const logger = createLogger('silent')

function fakeLoader(sizes: Record<string, number>, failing: readonly string[] = []) {
  const requests: LoadRequest[] = []
  let bytes = 0
  const loader: SkillLoader = {
    async load(request) {
      requests.push(request)
      if (failing.includes(request.name)) throw new SkillshipError('SERVE_LOAD_FAILED', 'corrupt')
      bytes += sizes[request.name] ?? 0
      return { skill: { name: request.name } as LoadedSkill, cache: 'miss' }
    },
    loadVersion: async () => {
      throw new Error('unused')
    },
    invalidate: () => undefined,
    invalidateAll: () => undefined,
    stats: () => ({ entries: requests.length, bytes }),
  }
  return { loader, requests }
}

describe('warmUpSkills', () => {
  it('loads the most loaded skills, uncounted and with full access, skipping failures', async () => {
    const { loader, requests } = fakeLoader({ a: 1, b: 1, c: 1 }, ['b'])
    const loaded = await warmUpSkills({
      loader,
      logger,
      count: 3,
      memoryBytes: 1000,
      concurrency: 1,
      metadata: { mostLoaded: async (limit) => ['a', 'b', 'c', 'd'].slice(0, limit) },
    })
    expect(loaded).toEqual(['a', 'c'])
    expect(requests.map((r) => [r.name, r.counted, r.principal.scopes])).toEqual([
      ['a', false, [{ kind: 'admin' }]],
      ['b', false, [{ kind: 'admin' }]],
      ['c', false, [{ kind: 'admin' }]],
    ])
  })

  it('stops at three quarters of the cache bound, and when shutdown begins', async () => {
    const { loader } = fakeLoader({ a: 400, b: 400, c: 400 })
    const mostLoaded = async () => ['a', 'b', 'c']
    expect(
      await warmUpSkills({
        loader,
        logger,
        count: 3,
        memoryBytes: 1000,
        concurrency: 1,
        metadata: { mostLoaded },
      }),
    ).toEqual(['a', 'b'])
    const second = fakeLoader({ a: 1, b: 1 })
    expect(
      await warmUpSkills({
        loader: second.loader,
        logger,
        count: 3,
        memoryBytes: 1000,
        metadata: { mostLoaded },
        stopped: () => true,
      }),
    ).toEqual([])
  })

  it('starts cold, never failing, when the ranking cannot be read or none is wanted', async () => {
    const { loader, requests } = fakeLoader({})
    const failing = async (): Promise<string[]> => {
      throw new Error('storage down')
    }
    expect(
      await warmUpSkills({
        loader,
        logger,
        count: 5,
        memoryBytes: 1,
        metadata: { mostLoaded: failing },
      }),
    ).toEqual([])
    expect(
      await warmUpSkills({
        loader,
        logger,
        count: 0,
        memoryBytes: 1,
        metadata: { mostLoaded: failing },
      }),
    ).toEqual([])
    expect(requests).toEqual([])
  })
})
