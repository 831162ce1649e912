import { copyFileSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, scratch } from '../../test/cli-harness.js'

const fixtures = new URL('../../../../packages/signing/test/fixtures/', import.meta.url)
const pinned = JSON.parse(readFileSync(new URL('key-ids.json', fixtures), 'utf8')) as {
  passphrase: string
  keyIds: Record<string, string>
}

describe('skillship keys', () => {
  it('generates a key pair (private 0600), prints its id, and never overwrites it', async () => {
    const work = await scratch()
    try {
      const run = await cli(['keys', 'generate', '--out', 'publisher.pem', '--json'], work.root)
      expect(run.code).toBe(0)
      const out = run.json<{ keyId: string; publicKey: string; privateKeyFile: string }>()
      expect(out.keyId).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(out.publicKey).toContain('BEGIN PUBLIC KEY')
      expect(statSync(join(work.root, 'publisher.pem')).mode & 0o777).toBe(0o600)
      const shown = await cli(['keys', 'show', 'publisher.pem', '--json'], work.root)
      expect(shown.json()).toMatchObject({ keyId: out.keyId, private: true })
      const pub = await cli(['keys', 'show', 'publisher.pem.pub', '--json'], work.root)
      expect(pub.json()).toMatchObject({ keyId: out.keyId, private: false })
      const again = await cli(['keys', 'generate', '--out', 'publisher.pem', '--json'], work.root)
      expect(again.code).toBe(1)
      expect(again.json()).toMatchObject({ errors: [{ code: 'SIGNATURE_KEY_EXISTS' }] })
      expect(readFileSync(join(work.root, 'publisher.pem'), 'utf8')).not.toBe('')
      expect(
        (await cli(['keys', 'show', 'publisher.pem', '--json'], work.root)).json(),
      ).toMatchObject({ keyId: out.keyId })
    } finally {
      await work.cleanup()
    }
  })

  it('reads a passphrase-protected OpenSSH key with SKILLSHIP_KEY_PASSPHRASE, and fails without it', async () => {
    const work = await scratch()
    try {
      copyFileSync(new URL('openssh-ed25519-encrypted', fixtures), join(work.root, 'id_ed25519'))
      const none = await cli(['keys', 'show', 'id_ed25519', '--json'], work.root)
      expect(none.code).toBe(1)
      expect(none.json()).toMatchObject({ errors: [{ code: 'SIGNATURE_KEY_PASSPHRASE_REQUIRED' }] })
      const env = { SKILLSHIP_KEY_PASSPHRASE: pinned.passphrase }
      const run = await cli(['keys', 'show', 'id_ed25519', '--json'], work.root, { env })
      expect(run.code).toBe(0)
      expect(run.json()).toMatchObject({ keyId: pinned.keyIds['openssh-ed25519-encrypted'] })
    } finally {
      await work.cleanup()
    }
  })
})
