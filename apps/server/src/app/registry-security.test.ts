import { RegistryErrorCode } from '@skillship/registry-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rawTgz } from '../../../../packages/core/test/archive-fixtures/build-tar.js'
import {
  createTestRegistry,
  packTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'

let registry: TestRegistry
beforeEach(async () => {
  registry = await createTestRegistry()
})
afterEach(async () => {
  await registry.close()
})

const codeOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; details?: { cause?: string } } }).error

const skillMd = (name: string) =>
  `---\nname: ${name}\ndescription: "d"\nmetadata:\n  version: "1.0.0"\n---\nbody\n`

describe('registry security', () => {
  it('refuses a publish without a token (401) and with a bad token (401)', async () => {
    const body = await packTestSkill('demo', '1.0.0')
    const none = await registry.request('PUT', '/v1/skills/demo', { body })
    expect(none.status).toBe(401)
    expect((await codeOf(none)).code).toBe(RegistryErrorCode.Unauthorized)
    const wrong = await registry.request('PUT', '/v1/skills/demo', {
      body,
      token: 'sks_not-a-real-token',
    })
    expect(wrong.status).toBe(401)
    const malformed = await registry.request('GET', '/v1/skills', {
      headers: { authorization: 'Basic abc' },
    })
    expect(malformed.status).toBe(401)
  })

  it('refuses a publish with a token of another scope (403)', async () => {
    const reader = await registry.token(['read:*'])
    const teamA = await registry.token(['publish:team-a-*'])
    const body = await packTestSkill('team-b-tool', '1.0.0')
    expect(
      (await registry.request('PUT', '/v1/skills/team-b-tool', { body, token: reader })).status,
    ).toBe(403)
    const forbidden = await registry.request('PUT', '/v1/skills/team-b-tool', {
      body,
      token: teamA,
    })
    expect(forbidden.status).toBe(403)
    expect((await codeOf(forbidden)).code).toBe(RegistryErrorCode.Forbidden)
    const allowed = await registry.request('PUT', '/v1/skills/team-a-tool', {
      body: await packTestSkill('team-a-tool', '1.0.0'),
      token: teamA,
    })
    expect(allowed.status).toBe(201)
  })

  it('hides a private skill (404) from anonymous callers, search and tokens without a read scope', async () => {
    await registry.request('PUT', '/v1/skills/secret?access=private', {
      token: registry.adminToken,
      body: await packTestSkill('secret', '1.0.0'),
    })
    const other = await registry.token(['read:public-*'])
    for (const token of [undefined, other]) {
      const options = token === undefined ? {} : { token }
      expect((await registry.request('GET', '/v1/skills/secret', options)).status).toBe(404)
      expect((await registry.request('GET', '/v1/skills/secret/-/1.0.0.tgz', options)).status).toBe(
        404,
      )
      expect((await registry.request('GET', '/v1/resolve/secret', options)).status).toBe(404)
      const search = (await (
        await registry.request('GET', '/v1/skills?q=secret', options)
      ).json()) as { items: unknown[] }
      expect(search.items).toEqual([])
    }
    const reader = await registry.token(['read:sec*'])
    expect((await registry.request('GET', '/v1/skills/secret', { token: reader })).status).toBe(200)
    const search = (await (
      await registry.request('GET', '/v1/skills?q=secret', { token: reader })
    ).json()) as { items: unknown[] }
    expect(search.items).toHaveLength(1)
  })

  it.each([
    [
      'a path traversal entry',
      [
        { name: 'demo/SKILL.md', content: skillMd('demo') },
        { name: '../../evil.txt', content: 'x' },
      ],
      'SKILL_PATH_UNSAFE',
    ],
    [
      'a symlink escaping the skill',
      [
        { name: 'demo/SKILL.md', content: skillMd('demo') },
        { name: 'demo/passwd', type: '2', linkname: '/etc/passwd' },
      ],
      'SKILL_ARCHIVE_LINK',
    ],
    [
      'a hard link to a file outside',
      [
        { name: 'demo/SKILL.md', content: skillMd('demo') },
        { name: 'demo/shadow', type: '1', linkname: '../../etc/shadow' },
      ],
      'SKILL_ARCHIVE_LINK',
    ],
  ])('refuses %s with 422 and stores nothing', async (_label, entries, cause) => {
    const response = await registry.request('PUT', '/v1/skills/demo', {
      token: registry.adminToken,
      body: rawTgz(entries),
    })
    expect(response.status).toBe(422)
    const error = await codeOf(response)
    expect(error.code).toBe(RegistryErrorCode.UnsafeArchive)
    expect(error.details?.cause).toBe(cause)
    expect(await registry.deps.metadata.getSkill('demo')).toBeUndefined()
    expect(await registry.deps.metadata.countSkills()).toBe(0)
  })

  it('lets exactly one of two concurrent publishes of the same version win (the other 409)', async () => {
    const body = await packTestSkill('demo', '1.0.0')
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        registry.request('PUT', '/v1/skills/demo', { token: registry.adminToken, body }),
      ),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409])
  })

  it('never writes token values to the logs', async () => {
    const secret = await registry.token(['publish:*'], 'ci')
    await registry.request('PUT', '/v1/skills/demo', {
      token: secret,
      body: await packTestSkill('demo', '1.0.0'),
    })
    await registry.request('GET', '/v1/skills/demo', { token: secret })
    await registry.request('GET', '/v1/skills/demo', { token: 'sks_wrongwrongwrong' })
    const created = await registry.request('POST', '/v1/tokens', {
      token: registry.adminToken,
      body: JSON.stringify({ name: 'new', scopes: ['read:*'] }),
    })
    const { token: newSecret } = (await created.json()) as { token: string }
    const logs = registry.logs.join('\n')
    expect(registry.logs.length).toBeGreaterThan(0)
    for (const value of [secret, registry.adminToken, newSecret, 'sks_wrongwrongwrong'])
      expect(logs).not.toContain(value)
  })

  it('manages tokens as admin only, storing only hashes', async () => {
    const reader = await registry.token(['read:*'])
    expect(
      (
        await registry.request('POST', '/v1/tokens', {
          token: reader,
          body: JSON.stringify({ name: 'x', scopes: ['admin'] }),
        })
      ).status,
    ).toBe(403)
    const bad = await registry.request('POST', '/v1/tokens', {
      token: registry.adminToken,
      body: JSON.stringify({ name: 'x', scopes: ['root'] }),
    })
    expect((await codeOf(bad)).code).toBe(RegistryErrorCode.ScopeInvalid)
    const list = (await (
      await registry.request('GET', '/v1/tokens', { token: registry.adminToken })
    ).json()) as { tokens: { id: string; name: string }[] }
    expect(list.tokens.map((t) => t.name).sort()).toEqual(['admin', 'token-read:*'])
    const stored = await registry.deps.metadata.listTokens()
    expect(stored.every((t) => /^[0-9a-f]{64}$/.test(t.hash) && t.hash !== reader)).toBe(true)
    const readerId = list.tokens.find((t) => t.name === 'token-read:*')?.id ?? ''
    expect(
      (await registry.request('DELETE', `/v1/tokens/${readerId}`, { token: registry.adminToken }))
        .status,
    ).toBe(204)
    expect((await registry.request('GET', '/v1/whoami', { token: reader })).status).toBe(401)
  })
})
