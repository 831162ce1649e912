import {
  type SkillDocument,
  type VerdictsResponse,
  versionVerdictOf,
} from '@skillship/registry-client'
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

async function verdicts(body: unknown, token?: string): Promise<Response> {
  return registry.request('POST', '/v1/verdicts', {
    ...(token === undefined ? {} : { token }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  })
}

const codeOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code

describe('POST /v1/verdicts', () => {
  it('answers each listed version as its document states it, and lists the rest', async () => {
    await publish('alpha', '1.0.0')
    await publish('alpha', '1.1.0')
    const answer = await verdicts({
      versions: [
        { name: 'alpha', version: '1.1.0' },
        { name: 'alpha', version: '9.0.0' },
        { name: 'nope', version: '1.0.0' },
        { name: 'alpha', version: '1.1.0' },
      ],
    })
    expect(answer.status).toBe(200)
    const body = (await answer.json()) as VerdictsResponse
    const document = (await (
      await registry.request('GET', '/v1/skills/alpha')
    ).json()) as SkillDocument
    const listed = document.versions['1.1.0']
    if (listed === undefined) return expect.fail('alpha@1.1.0 is listed')
    expect(body).toEqual({
      verdicts: [versionVerdictOf(listed)],
      unlisted: [{ name: 'alpha', version: '9.0.0' }],
      missing: ['nope'],
    })
  })

  it('lists a private skill as missing unless the token may read it', async () => {
    await publish('secret', '1.0.0', '?access=private')
    const ref = { name: 'secret', version: '1.0.0' }
    const anonymous = (await (await verdicts({ versions: [ref] })).json()) as VerdictsResponse
    expect(anonymous).toEqual({ verdicts: [], unlisted: [], missing: ['secret'] })
    const reader = await registry.token(['read:sec*'])
    const allowed = (await (await verdicts({ versions: [ref] }, reader)).json()) as VerdictsResponse
    expect(allowed.verdicts.map((v) => v.name)).toEqual(['secret'])
  })

  it.each([
    ['a body that is not JSON', '{"versions":'],
    ['versions that are not a list', { versions: 'alpha@1.0.0' }],
    ['no versions', { versions: [] }],
    ['an empty name', { versions: [{ name: '', version: '1.0.0' }] }],
    ['a name over 64 characters', { versions: [{ name: 'a'.repeat(65), version: '1.0.0' }] }],
    ['a version over 256 characters', { versions: [{ name: 'a', version: '1'.repeat(257) }] }],
    ['a version that is a number', { versions: [{ name: 'a', version: 1 }] }],
    [
      'more than 100 versions',
      { versions: Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, version: '1.0.0' })) },
    ],
  ])('refuses %s with 400 REGISTRY_BAD_REQUEST', async (_label, body) => {
    const answer = await verdicts(body)
    expect(answer.status).toBe(400)
    expect(await codeOf(answer)).toBe('REGISTRY_BAD_REQUEST')
  })

  it('refuses a body over 64 KiB with 413', async () => {
    const answer = await verdicts({ versions: [{ name: 'a', version: '1'.repeat(70_000) }] })
    expect(answer.status).toBe(413)
  })
})
