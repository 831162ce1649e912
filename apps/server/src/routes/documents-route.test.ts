import type { DocumentsResponse, SkillDocument } from '@skillship/registry-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createTestRegistry,
  publishTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'

let registry: TestRegistry
beforeEach(async () => {
  registry = await createTestRegistry()
})
afterEach(async () => {
  await registry.close()
})

async function publish(name: string, version: string, query = '') {
  await publishTestSkill(registry, name, version, query)
}

async function readMany(names: unknown, token?: string): Promise<Response> {
  return registry.request('POST', '/v1/documents', {
    ...(token === undefined ? {} : { token }),
    body: JSON.stringify({ names }),
    headers: { 'content-type': 'application/json' },
  })
}

const codeOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code

describe('POST /v1/documents', () => {
  it('answers every known document exactly as GET /v1/skills/:name does, and lists the rest', async () => {
    await publish('alpha', '1.0.0')
    await publish('alpha', '1.1.0')
    await publish('beta', '2.0.0')
    const answer = await readMany(['alpha', 'nope', 'beta', 'alpha'])
    expect(answer.status).toBe(200)
    const body = (await answer.json()) as DocumentsResponse
    expect(Object.keys(body.documents).sort()).toEqual(['alpha', 'beta'])
    expect(body.missing).toEqual(['nope'])
    const single = (await (
      await registry.request('GET', '/v1/skills/alpha')
    ).json()) as SkillDocument
    expect(body.documents['alpha']).toEqual(single)
  })

  it('lists a private skill as missing unless the token may read it', async () => {
    await publish('secret', '1.0.0', '?access=private')
    const anonymous = (await (await readMany(['secret'])).json()) as DocumentsResponse
    expect(anonymous).toEqual({ documents: {}, missing: ['secret'] })
    const reader = await registry.token(['read:sec*'])
    const allowed = (await (await readMany(['secret'], reader)).json()) as DocumentsResponse
    expect(Object.keys(allowed.documents)).toEqual(['secret'])
  })

  it.each([
    ['not a list', 'alpha'],
    ['an empty name', ['']],
    ['a number', [1]],
    ['too many names', Array.from({ length: 501 }, (_, i) => `s${i}`)],
  ])('refuses %s with REGISTRY_BAD_REQUEST', async (_label, names) => {
    const answer = await readMany(names)
    expect(answer.status).toBe(400)
    expect(await codeOf(answer)).toBe('REGISTRY_BAD_REQUEST')
  })
})
