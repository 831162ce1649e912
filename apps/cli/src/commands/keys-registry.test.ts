import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunningServer } from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, scratch, startTestRegistry } from '../../test/cli-harness.js'

type Errors = { errors: { code: string }[] }

let work: Awaited<ReturnType<typeof scratch>>
let server: RunningServer
const tokens: Record<'alice' | 'bob' | 'reader', string> = { alice: '', bob: '', reader: '' }

beforeAll(async () => {
  work = await scratch()
  const registry = await startTestRegistry(join(work.root, 'server'))
  server = registry.server
  for (const [name, scopes] of [
    ['alice', ['publish:team-*']],
    ['bob', ['publish:bob-*']],
    ['reader', ['read:*']],
  ] as const) {
    tokens[name] = (await registry.client.createToken({ name, scopes: [...scopes] })).token
  }
})

afterAll(async () => {
  await server.close()
  await work.cleanup()
})

/** The CLI as `who`, with its own home (so its own default key). */
function as(who: keyof typeof tokens, args: readonly string[]) {
  return cli([...args, '--json'], work.root, {
    env: {
      SKILLSHIP_HOME: join(work.root, `home-${who}`),
      SKILLSHIP_REGISTRY: server.url,
      SKILLSHIP_TOKEN: tokens[who],
    },
  })
}

describe('skillship keys add|list|revoke', () => {
  it('adds the default key for the token, lists it, revokes it, and refuses it twice', async () => {
    const generated = await as('alice', ['keys', 'generate'])
    const { keyId } = generated.json<{ keyId: string }>()
    const added = await as('alice', ['keys', 'add'])
    expect(added.code).toBe(0)
    expect(added.json()).toMatchObject({ keyId, owner: 'alice', scopes: ['publish:team-*'] })
    const twice = await as('alice', ['keys', 'add'])
    expect(twice.code).toBe(1)
    expect(twice.json<Errors>().errors[0]?.code).toBe('REGISTRY_PUBLISHER_KEY_EXISTS')

    // Another publisher sees none of alice's keys and cannot revoke them.
    expect((await as('bob', ['keys', 'list'])).json()).toMatchObject({ keys: [] })
    const foreign = await as('bob', ['keys', 'revoke', keyId])
    expect(foreign.code).toBe(4)
    expect(foreign.json<Errors>().errors[0]?.code).toBe('REGISTRY_PUBLISHER_KEY_NOT_FOUND')

    const revoked = await as('alice', ['keys', 'revoke', keyId])
    expect(revoked.code).toBe(0)
    const listed = await as('alice', ['keys', 'list'])
    expect(listed.json<{ keys: { keyId: string; revokedAt: string | null }[] }>().keys).toEqual([
      expect.objectContaining({ keyId, revokedAt: expect.any(String) }),
    ])
    const text = await cli(['keys', 'list'], work.root, {
      env: {
        SKILLSHIP_HOME: join(work.root, 'home-alice'),
        SKILLSHIP_REGISTRY: server.url,
        SKILLSHIP_TOKEN: tokens.alice,
      },
    })
    expect(text.stdout).toContain(`${keyId}  REVOKED`)
  })

  it('refuses a token that may not publish (REGISTRY_FORBIDDEN)', async () => {
    await as('reader', ['keys', 'generate'])
    const run = await as('reader', ['keys', 'add'])
    expect(run.code).toBe(1)
    expect(run.json<Errors>().errors[0]?.code).toBe('REGISTRY_FORBIDDEN')
  })

  it('refuses before sending: no key file, not a key, not a key id, no token', async () => {
    const env = { SKILLSHIP_HOME: join(work.root, 'home-none'), SKILLSHIP_REGISTRY: server.url }
    const missing = await cli(['keys', 'add', '--json'], work.root, { env })
    expect(missing.code).toBe(4)
    expect(missing.json<Errors>().errors[0]?.code).toBe('SIGNATURE_KEY_NOT_FOUND')
    writeFileSync(join(work.root, 'not-a-key.pub'), 'hello\n')
    const junk = await cli(['keys', 'add', 'not-a-key.pub', '--json'], work.root, { env })
    expect(junk.json<Errors>().errors[0]?.code).toBe('SIGNATURE_KEY_INVALID')
    const badId = await cli(['keys', 'revoke', 'sha256:nothex', '--json'], work.root, { env })
    expect(badId.code).toBe(2)
    expect(badId.json<Errors>().errors[0]?.code).toBe('CLI_USAGE')
    await cli(['keys', 'generate', '--json'], work.root, { env })
    for (const args of [
      ['keys', 'add'],
      ['keys', 'list'],
    ]) {
      const run = await cli([...args, '--json'], work.root, { env })
      expect(run.json<Errors>().errors[0]?.code).toBe('REGISTRY_NOT_LOGGED_IN')
    }
    const usage = await cli(['keys', 'list', 'extra', '--json'], work.root, { env })
    expect(usage.code).toBe(2)
  })
})
