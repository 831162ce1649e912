import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createTestRegistry,
  packTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'

let registry: TestRegistry
let heard: string[]

beforeEach(async () => {
  registry = await createTestRegistry()
  heard = []
  registry.deps.invalidation.subscribe({
    invalidate: (name) => heard.push(name),
    invalidateAll: () => heard.push('*'),
  })
})

afterEach(async () => {
  await registry.close()
})

const write = async (method: string, path: string, body?: unknown) => {
  const response = await registry.request(method, path, {
    token: registry.adminToken,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(response.status).toBeLessThan(300)
}

describe('writes announce the skill on the invalidation bus', () => {
  it.each([
    ['dist-tag set', 'PUT', '/v1/skills/demo/dist-tags/stable', { version: '1.0.0' }],
    ['dist-tag remove', 'DELETE', '/v1/skills/demo/dist-tags/beta', undefined],
    ['deprecate', 'PATCH', '/v1/skills/demo/versions/1.0.0', { deprecated: 'old' }],
    ['undeprecate', 'PATCH', '/v1/skills/demo/versions/1.0.0', { deprecated: null }],
    ['yank', 'PATCH', '/v1/skills/demo/versions/1.0.0', { yanked: true }],
    ['unyank', 'PATCH', '/v1/skills/demo/versions/1.0.0', { yanked: false }],
    ['visibility', 'PATCH', '/v1/skills/demo', { private: true }],
  ])('%s', async (_label, method, path, body) => {
    await registry.request('PUT', '/v1/skills/demo', {
      token: registry.adminToken,
      body: await packTestSkill('demo', '1.0.0'),
    })
    await registry.request('PUT', '/v1/skills/demo?tag=beta', {
      token: registry.adminToken,
      body: await packTestSkill('demo', '1.1.0'),
    })
    expect(heard).toEqual(['demo', 'demo'])
    await write(method, path, body)
    expect(heard).toEqual(['demo', 'demo', 'demo'])
  })

  it('announces nothing for a refused write', async () => {
    const response = await registry.request('PUT', '/v1/skills/demo/dist-tags/stable', {
      token: registry.adminToken,
      body: JSON.stringify({ version: '9.9.9' }),
    })
    expect(response.status).toBe(404)
    expect(heard).toEqual([])
  })
})
