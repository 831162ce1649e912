import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { createRegistryClient } from '@skillship/registry-client'
import {
  createTokenOffline,
  parseServerConfig,
  type RunningServer,
  startServer,
} from '@skillship/server'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, validSkillMd } from './cli-harness.js'

// The operator's site rule of docs/audit.md: any re-audit under it runs another rule pack, so
// every stored verdict is judged (and must be signed) again.
const siteRulesFile = new URL(
  '../../../packages/audit/test/site-rules/retired-deploy-api.json',
  import.meta.url,
).pathname

let dir: string
let data: string
let token: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillship-server-sign-'))
  data = join(dir, 'data')
  const config = parseServerConfig({ env: { SKILLSHIP_LOG_LEVEL: 'silent' }, flags: { data } })
  token = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function withServer<T>(work: (server: RunningServer) => Promise<T>, port = '0'): Promise<T> {
  const env = { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_AUDIT_RULES: siteRulesFile }
  const server = await startServer(parseServerConfig({ env, flags: { data, port } }))
  try {
    return await work(server)
  } finally {
    await server.close()
  }
}

async function publish(server: RunningServer, name: string, version: string): Promise<void> {
  const folder = join(dir, 'src', `${name}-${version}`)
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, 'SKILL.md'), validSkillMd(name))
  const { tarball } = await packSkill(await loadSkill(folder), { version })
  await createRegistryClient({ registry: server.url, token }).publish(name, tarball, { version })
}

// The project where installVerified installs `name@spec`.
const projectOf = (name: string, spec: string) =>
  join(dir, 'projects', `${name}-${spec.replace(/\W/g, '')}`)

const installEnv = (server: RunningServer) => ({
  SKILLSHIP_HOME: join(dir, 'home'),
  SKILLSHIP_STORE: join(dir, 'store'),
  SKILLSHIP_REGISTRY: server.url,
})

// Installs `name` into Qoder under a trust policy that verifies the registry's signatures.
async function installVerified(server: RunningServer, name: string, spec: string) {
  const repo = projectOf(name, spec)
  await mkdir(repo, { recursive: true })
  const trust = { registryKeys: 'verify' }
  await writeFile(join(repo, 'skillship.json'), JSON.stringify({ skills: {}, trust }))
  const env = installEnv(server)
  return cli(['add', `${name}@${spec}`, '--agent', 'qoder', '--json'], repo, { env })
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

const serverEnv = { env: { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_AUDIT_RULES: siteRulesFile } }

describe('skillship server sign, audit and keys rotate: what installers verify', () => {
  it('backfills versions published before signing, once, with progress', async () => {
    await withServer((server) => publish(server, 'old-notes', '1.0.0'))
    // As stored before the registry signed: no registry signature at all.
    const db = new BetterSqlite3(join(data, 'registry.db'))
    db.prepare('UPDATE versions SET registry_signatures = NULL').run()
    db.close()
    const refused = await withServer((server) => installVerified(server, 'old-notes', '1.0.0'))
    expect(refused.code).toBe(5)
    const run = await cli(['server', 'sign', '--data', data, '--json'], dir, serverEnv)
    expect(run.code).toBe(0)
    expect(run.json()).toMatchObject({ signed: ['old-notes@1.0.0'], unsigned: 1, skipped: [] })
    expect(run.stderr).toContain('[1/1] old-notes@1.0.0: signed')
    const again = await cli(['server', 'sign', '--data', data, '--json'], dir, serverEnv)
    expect(again.json()).toMatchObject({ signed: [], unsigned: 0 })
    const installed = await withServer((server) => installVerified(server, 'old-notes', '1.0.0'))
    expect({ code: installed.code, stderr: installed.stderr }).toEqual({ code: 0, stderr: '' })
  })

  it('re-signs re-judged verdicts: an installer verifies the new one', async () => {
    await withServer((server) => publish(server, 'fresh-notes', '1.0.0'))
    // Published under the site rules; a re-audit under the shipped rule pack judges it again.
    const plain = { env: { SKILLSHIP_LOG_LEVEL: 'silent' } }
    const run = await cli(['server', 'audit', '--data', data, '--json'], dir, plain)
    expect(run.json()).toMatchObject({ failed: [] })
    expect(run.json<{ rejudged: number }>().rejudged).toBeGreaterThan(0)
    const installed = await withServer((server) => installVerified(server, 'fresh-notes', '1.0.0'))
    expect({ code: installed.code, stderr: installed.stderr }).toEqual({ code: 0, stderr: '' })
  })

  it('a no-op install --frozen verifies the current verdict: one changed in the database alone is refused', async () => {
    // One port for every server of this test: skillship.lock records the registry's URL.
    const port = String(await freePort())
    await withServer((server) => publish(server, 'kept-notes', '1.0.0'), port)
    const added = await withServer((server) => installVerified(server, 'kept-notes', '1.0.0'), port)
    expect(added.code).toBe(0)
    const repo = projectOf('kept-notes', '1.0.0')
    const frozen = (server: RunningServer) =>
      cli(['install', '--frozen', '--json'], repo, { env: installEnv(server) })
    // Nothing changed: the install stamp answers, after the registry's verdict verified.
    const stamped = await withServer(frozen, port)
    expect({ code: stamped.code, stderr: stamped.stderr }).toEqual({ code: 0, stderr: '' })
    expect(stamped.json<{ changed: number }>().changed).toBe(0)
    // Someone who can write the database only: the verdict changes, its signature does not. The
    // rule pack is the locked one, so the lock's record still stands: only the signature catches it.
    const db = new BetterSqlite3(join(data, 'registry.db'))
    db.prepare("UPDATE version_audits SET verdict = 'warn' WHERE name = 'kept-notes'").run()
    db.close()
    const refused = await withServer(frozen, port)
    expect(refused.code).toBe(5)
    expect(refused.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'INSTALL_SIGNATURE_REGISTRY_INVALID',
    )
  })

  it('rotates the registry key: new versions signed by the new key, old ones still verify', async () => {
    const before = await withServer(async (server) => (await fetch(`${server.url}/v1/keys`)).json())
    const run = await cli(['server', 'keys', 'rotate', '--data', data, '--json'], dir, serverEnv)
    expect(run.code).toBe(0)
    const rotation = run.json<{ added: { keyId: string }; closed: { keyId: string }[] }>()
    const [oldKey] = (before as { keys: { keyId: string }[] }).keys
    expect(rotation.closed.map((key) => key.keyId)).toEqual([oldKey?.keyId])
    await withServer(async (server) => {
      await publish(server, 'fresh-notes', '1.1.0')
      const document = (await (await fetch(`${server.url}/v1/skills/fresh-notes`)).json()) as {
        versions: Record<string, { signatures: { registry: { keyId: string }[] } }>
      }
      expect(document.versions['1.1.0']?.signatures.registry[0]?.keyId).toBe(rotation.added.keyId)
      expect(document.versions['1.0.0']?.signatures.registry[0]?.keyId).toBe(oldKey?.keyId)
      for (const version of ['1.0.0', '1.1.0']) {
        const installed = await installVerified(server, 'fresh-notes', version)
        expect({ code: installed.code, stderr: installed.stderr }).toEqual({ code: 0, stderr: '' })
      }
    })
    const past = ['server', 'keys', 'rotate', '--at', '2020-01-01T00:00:00Z', '--data', data]
    const refused = await cli([...past, '--json'], dir, serverEnv)
    expect(refused.code).not.toBe(0)
    expect(refused.stdout + refused.stderr).toContain('REGISTRY_CONFIG_INVALID')
  })
})
