import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { createRegistryClient, RegistryErrorCode } from '@skillship/registry-client'
import { createTokenOffline, parseServerConfig, startServer } from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from './cli-harness.js'

const corpus = new URL('../../../packages/audit/test/corpus/', import.meta.url).pathname

// An operator's site rule (docs/audit.md): deployments through the retired v2 API now block. It
// matches the corpus's benign deploy skill, so a re-audit with it turns that version blocked.
const siteRulesFile = new URL(
  '../../../packages/audit/test/site-rules/retired-deploy-api.json',
  import.meta.url,
).pathname

async function packCase(dir: string, path: string, name: string): Promise<Uint8Array> {
  await cp(join(corpus, path), join(dir, name), {
    recursive: true,
    filter: (p) => !p.endsWith('label.json'),
  })
  return (await packSkill(await loadSkill(join(dir, name)), { version: '1.0.0' })).tarball
}

let dir: string
let env: Record<string, string>
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillship-server-audit-'))
  env = { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_AUDIT_RULES: siteRulesFile }
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('skillship server audit and info', () => {
  it('re-judges stored versions under new rules, with progress, and info shows the verdict', async () => {
    const data = join(dir, 'data')
    const config = parseServerConfig({
      env: { SKILLSHIP_LOG_LEVEL: 'silent' },
      flags: { data, port: '0' },
    })
    const admin = await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })
    let server = await startServer(config)
    try {
      const client = createRegistryClient({ registry: server.url, token: admin.token })
      await client.publish(
        'deploy-preview',
        await packCase(dir, 'benign/documented-api--deploy-documented-api', 'deploy-preview'),
        { version: '1.0.0' },
      )
      const refused = await client
        .publish(
          'unit-test-runner',
          await packCase(dir, 'malicious/remote-exec--wget-sh-script', 'unit-test-runner'),
          { version: '1.0.0' },
        )
        .catch((error: unknown) => error as { code?: string })
      expect((refused as { code?: string }).code).toBe(RegistryErrorCode.AuditBlocked)
    } finally {
      await server.close()
    }
    const run = await cli(['server', 'audit', '--data', data, '--json'], dir, { env })
    expect(run.code).toBe(0)
    expect(run.json()).toMatchObject({
      rejudged: 1,
      withheld: ['deploy-preview@1.0.0'],
      failed: [],
    })
    expect(run.stderr).toContain('[1/1] deploy-preview@1.0.0: ')
    const again = await cli(['server', 'audit', '--data', data, '--json'], dir, { env })
    expect(again.json()).toMatchObject({ rejudged: 0 })
    server = await startServer(parseServerConfig({ env, flags: { data, port: '0' } }))
    try {
      const info = await cli(['info', 'deploy-preview', '--registry', server.url, '--json'], dir)
      expect(info.json()).toMatchObject({
        resolved: { audit: { verdict: 'block' } },
        versions: [{ version: '1.0.0', audit: 'block' }],
      })
      const text = await cli(['info', 'deploy-preview', '--registry', server.url], dir)
      expect(text.stdout).toContain('BLOCKED')
      const range = await cli(
        ['info', 'deploy-preview@^1.0.0', '--registry', server.url, '--json'],
        dir,
      )
      expect(range.code).toBe(4)
    } finally {
      await server.close()
    }
  })
})
