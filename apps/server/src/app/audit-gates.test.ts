import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import {
  auditBlockedDetailsSchema,
  auditReportSchema,
  checkWire,
  RegistryErrorCode,
  routes,
  skillDocumentSchema,
} from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod/v4'
import { packCorpusSkill } from '../../test/audit/corpus-skills.js'
import { pollUntil } from '../../test/postgres/poll-until.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../test/postgres/postgres-test-database.js'
import { registrySignatureHolds } from '../../test/registry-signature.js'
import { parseServerConfig, type ServerConfig } from '../config/server-config.js'
import { reauditOffline } from './offline-maintenance.js'
import { createTokenOffline } from './offline-tokens.js'
import { type RunningServer, startServer } from './start-server.js'

// An operator's site rule (docs/audit.md): deployments through the retired v2 API now block. It
// matches the corpus's benign deploy skill, so a re-audit with it turns that version blocked.
const siteRulesFile = new URL(
  '../../../../packages/audit/test/site-rules/retired-deploy-api.json',
  import.meta.url,
).pathname

const malicious = { label: 'malicious', id: 'remote-exec--wget-sh-script' } as const
const benign = { label: 'benign', id: 'documented-api--deploy-documented-api' } as const

interface Gate {
  readonly dataDir: string
  readonly config: ServerConfig
  /** The same settings plus the site rules (what the operator deploys next). */
  readonly stricter: ServerConfig
  readonly token: string
}

async function makeGate(databaseUrl?: string): Promise<Gate> {
  const dataDir = await mkdtemp(join(tmpdir(), 'skillship-audit-gate-'))
  const env = {
    SKILLSHIP_LOG_LEVEL: 'silent',
    SKILLSHIP_WARMUP_SKILLS: '0',
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
  }
  const flags = { data: dataDir, port: '0' }
  const config = parseServerConfig({ env, flags })
  const stricter = parseServerConfig({
    env: { ...env, SKILLSHIP_AUDIT_RULES: siteRulesFile },
    flags,
  })
  const token = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
  return { dataDir, config, stricter, token }
}

const put = (server: RunningServer, gate: Gate, name: string, tarball: Uint8Array, query = '') =>
  fetch(`${server.url}${routes.skill(name)}?version=1.0.0${query}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${gate.token}`, 'content-type': 'application/gzip' },
    body: tarball,
  })

const code = async (response: Response) =>
  ((await response.json()) as { error?: { code?: string } }).error?.code

async function metric(server: RunningServer, line: string): Promise<number | undefined> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const found = text.split('\n').find((l) => l.startsWith(`${line} `))
  return found === undefined ? undefined : Number(found.slice(line.length + 1))
}

async function publishPhase(server: RunningServer, gate: Gate): Promise<string> {
  const bad = await packCorpusSkill(malicious.label, malicious.id, '1.0.0')
  const refused = await put(server, gate, bad.name, bad.tarball)
  expect(refused.status).toBe(422)
  const { error } = (await refused.json()) as { error: { code: string; details: unknown } }
  expect(error.code).toBe(RegistryErrorCode.AuditBlocked)
  const details = checkWire(auditBlockedDetailsSchema, error.details)
  if (!details.ok) throw new Error(`details do not match the schema at ${details.path}`)
  expect(details.value.findings.some((f) => f.action === 'block')).toBe(true)
  expect(details.value.findings[0]).toMatchObject({ path: 'scripts/bootstrap.sh', line: 2 })
  // Nothing stored: no skill, no blob.
  expect((await fetch(`${server.url}${routes.skill(bad.name)}`)).status).toBe(404)
  if (gate.config.databaseUrl === undefined)
    expect(await readdir(gate.dataDir)).not.toContain('blobs')
  expect(await metric(server, 'skillship_publish_audits_total{verdict="block"}')).toBe(1)

  const good = await packCorpusSkill(benign.label, benign.id, '1.0.0')
  expect((await put(server, gate, good.name, good.tarball)).status).toBe(201)
  const document = checkWire(
    skillDocumentSchema,
    await (await fetch(`${server.url}${routes.skill(good.name)}`)).json(),
  )
  if (!document.ok) throw new Error('not a skill document')
  const audit = document.value.versions['1.0.0']?.audit
  expect(audit?.verdict).not.toBe('block')
  expect(audit?.rulePack).toBe(gate.config.audit.pack.version)
  const report = checkWire(
    auditReportSchema,
    await (await fetch(`${server.url}${routes.audit(good.name, '1.0.0')}`)).json(),
  )
  if (!report.ok) throw new Error(`not an audit report at ${report.path}`)
  expect(report.value.manifest.hosts).toContain('api.example.invalid')
  expect((await fetch(`${server.url}/v1/load/${good.name}`)).status).toBe(200)
  return good.name
}

async function privateReport(server: RunningServer, gate: Gate): Promise<void> {
  const skill = await packCorpusSkill('benign', 'near-miss--crontab-list', '1.0.0')
  expect((await put(server, gate, skill.name, skill.tarball, '&access=private')).status).toBe(201)
  const url = `${server.url}${routes.audit(skill.name, '1.0.0')}`
  expect((await fetch(url)).status).toBe(404)
  const withToken = await fetch(url, { headers: { authorization: `Bearer ${gate.token}` } })
  expect(withToken.status).toBe(200)
  expect(await fetch(`${server.url}${routes.audit(skill.name, '9.9.9')}`)).toMatchObject({
    status: 404,
  })
}

async function expectWithheld(server: RunningServer, name: string): Promise<void> {
  const load = await fetch(`${server.url}/v1/load/${name}`)
  expect([load.status, await code(load)]).toEqual([410, RegistryErrorCode.VersionBlocked])
  const exact = await fetch(`${server.url}/v1/load/${name}?range=1.0.0`)
  expect(await code(exact)).toBe(RegistryErrorCode.VersionBlocked)
  const range = await fetch(`${server.url}${routes.resolve(name)}?range=%5E1.0.0`)
  expect([range.status, await code(range)]).toEqual([404, RegistryErrorCode.NoMatchingVersion])
  // Like a yank: the exact tarball still downloads; the report says why.
  const tarball = await fetch(`${server.url}${routes.tarball(name, '1.0.0')}`)
  expect(tarball.status).toBe(200)
  const report = (await (await fetch(`${server.url}${routes.audit(name, '1.0.0')}`)).json()) as {
    verdict: string
    findings: { rule: string }[]
  }
  expect(report.verdict).toBe('block')
  expect(report.findings.map((f) => f.rule)).toContain('SITE-ORG-001')
  // The re-audit signed the new verdict: a client checking the registry signature trusts it.
  expect(await registrySignatureHolds(server.url, name, '1.0.0')).toBe(true)
  const client = new Client({ name: 'skillship-test', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)))
  try {
    const list = await client.request(
      { method: 'skills/list', params: {} },
      z.looseObject({ skills: z.array(z.looseObject({ uri: z.string() })) }),
    )
    expect(list.skills.map((s) => s.uri)).not.toContain(`skill://${name}/SKILL.md`)
    await expect(client.readResource({ uri: `skill://${name}/SKILL.md` })).rejects.toThrow()
  } finally {
    await client.close()
  }
  // /metrics renders at most once per 2 s (routes/metrics-route.ts): wait for a fresh rendering.
  await pollUntil(
    'the withheld-versions gauge counts it',
    async () => (await metric(server, 'skillship_audit_withheld_versions')) === 1,
  )
}

describe('the registry audit gates on a real port (SQLite)', () => {
  let gate: Gate
  beforeAll(async () => {
    gate = await makeGate()
  })
  afterAll(async () => {
    await rm(gate.dataDir, { recursive: true, force: true })
  })

  it('refuses a malicious upload with its findings, stores nothing, and publishes a near-miss', async () => {
    const server = await startServer(gate.config)
    try {
      await publishPhase(server, gate)
      await privateReport(server, gate)
    } finally {
      await server.close()
    }
  })

  it('re-audits stored versions under a new rule pack; a running server withholds a blocked one at once', async () => {
    const running = await startServer(gate.config)
    try {
      // Cached by the running server before the re-audit.
      expect((await fetch(`${running.url}/v1/load/deploy-preview`)).status).toBe(200)
      expect((await fetch(`${running.url}${routes.skill('deploy-preview')}`)).status).toBe(200)
      expect((await reauditOffline(gate.config)).rejudged).toBe(0)
      // Its own connection to the file, as `skillship server audit` from another process.
      const result = await reauditOffline(gate.stricter)
      expect(result).toMatchObject({ rejudged: 2, withheld: ['deploy-preview@1.0.0'], failed: [] })
      await expectWithheld(running, 'deploy-preview')
      const document = await fetch(`${running.url}${routes.skill('deploy-preview')}`)
      const versions = (
        (await document.json()) as { versions: Record<string, { audit?: unknown }> }
      ).versions
      expect(versions['1.0.0']?.audit).toMatchObject({ verdict: 'block' })
      // Each new verdict was logged with it, in its transaction, as the server's action.
      const log = (await (
        await fetch(`${running.url}/v1/activity`, {
          headers: { authorization: `Bearer ${gate.token}` },
        })
      ).json()) as {
        entries: { action: string; actor: string; target: string; details: unknown }[]
      }
      const rejudged = log.entries.filter((e) => e.action === 'audit.rejudge')
      expect(rejudged).toHaveLength(2)
      expect(rejudged.find((e) => e.target === 'deploy-preview@1.0.0')).toMatchObject({
        actor: 'server',
        details: { before: 'pass', verdict: 'block' },
      })
    } finally {
      await running.close()
    }
    const server = await startServer(gate.stricter)
    try {
      await expectWithheld(server, 'deploy-preview')
    } finally {
      await server.close()
    }
    expect((await reauditOffline(gate.stricter)).rejudged).toBe(0)
  })
})

const database = await usePostgresTestDatabase()

describeWithPostgres('the registry audit gates on a real port (PostgreSQL)', database, (db) => {
  it('publishes through the gate, and a re-audit withholds a version from a running server', async () => {
    const gate = await makeGate(db.url)
    const server = await startServer(gate.config)
    try {
      const name = await publishPhase(server, gate)
      const result = await reauditOffline(gate.stricter)
      expect(result.withheld).toEqual([`${name}@1.0.0`])
      // The running replica hears the re-audit on the invalidation channel: no restart needed.
      await pollUntil(
        'the replica drops its cached document',
        async () => (await fetch(`${server.url}/v1/load/${name}`)).status === 410,
      )
      await expectWithheld(server, name)
    } finally {
      await server.close()
      await rm(gate.dataDir, { recursive: true, force: true })
    }
  })
})
