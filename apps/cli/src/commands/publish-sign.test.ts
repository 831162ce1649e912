import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, scratch, startTestRegistry, validSkillMd } from '../../test/cli-harness.js'

type Errors = { errors: { code: string }[] }
const fixtures = new URL('../../../../packages/signing/test/fixtures/', import.meta.url)
const pinned = JSON.parse(readFileSync(new URL('key-ids.json', fixtures), 'utf8')) as {
  keyIds: Record<string, string>
}

let work: Awaited<ReturnType<typeof scratch>>

beforeAll(async () => {
  work = await scratch({
    'demo/SKILL.md': validSkillMd('demo', 'metadata:\n  version: "2.0.0"\n'),
    'demo/scripts/run.py': 'print(1)\n',
    'bare/SKILL.md': validSkillMd('bare'),
  })
})

afterAll(() => work.cleanup())

// An unreachable registry: a refusal that came from the network would be exit 3, not the code.
const offline = () => ({ SKILLSHIP_REGISTRY: 'http://127.0.0.1:9', SKILLSHIP_HOME: work.root })

describe('skillship publish --sign: refusals before anything is sent', () => {
  it('refuses --key without --sign (CLI_USAGE)', async () => {
    const run = await cli(['publish', 'demo', '--key', 'k.pem', '--json'], work.root, {
      env: offline(),
    })
    expect(run.code).toBe(2)
    expect(run.json<Errors>().errors[0]?.code).toBe('CLI_USAGE')
  })

  it('names a missing key file (SIGNATURE_KEY_NOT_FOUND, exit 4), default and --key alike', async () => {
    for (const extra of [[], ['--key', 'nowhere.pem']]) {
      const run = await cli(['publish', 'demo', '--sign', ...extra, '--json'], work.root, {
        env: offline(),
      })
      expect(run.code).toBe(4)
      expect(run.json<Errors>().errors[0]?.code).toBe('SIGNATURE_KEY_NOT_FOUND')
    }
  })

  it('needs the passphrase of an encrypted key when no terminal can ask', async () => {
    copyFileSync(new URL('openssh-ed25519-encrypted', fixtures), join(work.root, 'enc'))
    const run = await cli(['publish', 'demo', '--sign', '--key', 'enc', '--json'], work.root, {
      env: offline(),
    })
    expect(run.code).toBe(1)
    expect(run.json<Errors>().errors[0]?.code).toBe('SIGNATURE_KEY_PASSPHRASE_REQUIRED')
  })

  it('refuses to sign a skill with no version (REGISTRY_VERSION_INVALID)', async () => {
    copyFileSync(new URL('openssh-ed25519', fixtures), join(work.root, 'plain'))
    const run = await cli(
      ['publish', 'bare', '--sign', '--key', 'plain', '--dry-run', '--json'],
      work.root,
      { env: offline() },
    )
    expect(run.code).toBe(1)
    expect(run.json<Errors>().errors[0]?.code).toBe('REGISTRY_VERSION_INVALID')
  })
})

describe('skillship publish --sign --dry-run', () => {
  it('shows the key id and the digest pack computes, for a folder and for its .tgz', async () => {
    copyFileSync(new URL('openssh-ed25519', fixtures), join(work.root, 'plain'))
    const keyId = pinned.keyIds['openssh-ed25519']
    const pack = await cli(['pack', 'demo', '-o', 'demo.tgz', '--json'], work.root)
    const { skillDigest } = pack.json<{ skillDigest: string }>()
    for (const source of ['demo', 'demo.tgz']) {
      const run = await cli(
        ['publish', source, '--sign', '--key', 'plain', '--dry-run', '--json'],
        work.root,
        { env: offline() },
      )
      expect({ source, code: run.code }).toEqual({ source, code: 0 })
      expect(run.json()).toMatchObject({
        dryRun: true,
        version: '2.0.0',
        signature: { keyId, subject: 'demo@2.0.0', skillDigest },
      })
      const text = await cli(
        ['publish', source, '--sign', '--key', 'plain', '--dry-run'],
        work.root,
        {
          env: offline(),
        },
      )
      expect(text.stdout).toContain(`sign with  ${keyId}`)
    }
  })
})

describe('skillship publish --sign to a registry', () => {
  it('publishes a signed .tgz its digest verifies for, and the registry refuses an unregistered key', async () => {
    const registry = await startTestRegistry(join(work.root, 'server'))
    try {
      const created = await registry.client.createToken({ name: 'pub', scopes: ['publish:*'] })
      const env = {
        SKILLSHIP_HOME: join(work.root, 'home'),
        SKILLSHIP_REGISTRY: registry.server.url,
        SKILLSHIP_TOKEN: created.token,
      }
      copyFileSync(new URL('openssh-ed25519', fixtures), join(work.root, 'plain'))
      await cli(['pack', 'demo', '-o', 'signed.tgz', '--json'], work.root)
      const unknown = await cli(
        ['publish', 'signed.tgz', '--sign', '--key', 'plain', '--json'],
        work.root,
        { env },
      )
      expect(unknown.code).toBe(5)
      expect(unknown.json<Errors>().errors[0]?.code).toBe('REGISTRY_SIGNATURE_INVALID')
      const added = await cli(['keys', 'add', 'plain', '--json'], work.root, { env })
      expect(added.code).toBe(0)
      const run = await cli(
        ['publish', 'signed.tgz', '--sign', '--key', 'plain', '--json'],
        work.root,
        { env },
      )
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
      expect(run.json()).toMatchObject({
        name: 'demo',
        version: '2.0.0',
        signature: { keyId: pinned.keyIds['openssh-ed25519'] },
      })
    } finally {
      await registry.server.close()
    }
  })
})
