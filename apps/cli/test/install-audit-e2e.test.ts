import { cp, lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningServer } from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initGitTestRepo } from '../../../packages/installer/test/sources/git-test-repo.js'
import { packTestSkill } from '../../server/test/registry-harness.js'
import { type CliRun, cli, startTestRegistry } from './cli-harness.js'

// The install gate end to end, on real ports and real git: a malicious skill from the audit
// corpus served from a local git repository, and a registry behind a real HTTP proxy that adds
// the registry's audit summary (the wire schema's `audit`) to its version documents.
const corpusCase = new URL(
  '../../../packages/audit/test/corpus/malicious/remote-exec--wget-sh-script/',
  import.meta.url,
)
const name = 'unit-test-runner'

let work: string
let server: RunningServer
let proxy: Server
let proxyUrl: string
let env: Record<string, string>
let spec: string
let checkout: string
// What the proxy says the registry's audit found for every version of `alpha`.
let registryAudit: Record<string, unknown> = {}
// False: the proxy answers `POST /v1/verdicts` as a registry older than that route does (404).
let verdictsRoute = true
// The paths the proxy was asked for, in order.
const proxied: string[] = []

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-audit-e2e-'))
  const repo = initGitTestRepo(await mkdirp(join(work, 'repo')))
  checkout = join(repo.path, 'skills', name)
  await cp(corpusCase.pathname, checkout, { recursive: true })
  await rm(join(checkout, 'label.json'))
  // Allow data shipped inside the skill itself: never read, so it must change nothing.
  const selfAllow = { rule: 'SKA-RCE-001', skill: name, integrity: 'sha512-x', reason: 'trust me' }
  await writeFile(
    join(checkout, 'skillship.json'),
    JSON.stringify({ audit: { policy: 'permissive', allow: [selfAllow] } }),
  )
  repo.commit('a skill that pipes a download into sh')
  spec = `git+${repo.url}#main&path=skills/${name}`
  const registry = await startTestRegistry(join(work, 'server'))
  server = registry.server
  await registry.client.publish('alpha', await packTestSkill('alpha', '1.0.0'))
  proxy = await auditingProxy()
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  env = {
    SKILLSHIP_HOME: join(work, 'home'),
    SKILLSHIP_STORE: join(work, 'store'),
    SKILLSHIP_REGISTRY: proxyUrl,
  }
})

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve))
  await server.close()
  await rm(work, { recursive: true, force: true })
})

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  return dir
}

// Forwards every request to the real registry and adds `registryAudit` to alpha's versions (in
// skill documents and in verdicts answers).
async function auditingProxy(): Promise<Server> {
  const forward = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      proxied.push(request.url ?? '/')
      if (!verdictsRoute && request.url === '/v1/verdicts') answerAsOlderRegistry(response)
      else await forwardWithAudit(request, Buffer.concat(chunks), response)
    })()
  })
  await new Promise<void>((resolve) => forward.listen(0, '127.0.0.1', resolve))
  return forward
}

async function forwardWithAudit(
  request: IncomingMessage,
  sent: Buffer,
  response: ServerResponse,
): Promise<void> {
  const answer = await fetch(`${server.url}${request.url ?? '/'}`, {
    method: request.method ?? 'GET',
    headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
    ...(sent.length > 0 ? { body: sent } : {}),
  })
  const type = answer.headers.get('content-type') ?? 'application/octet-stream'
  const bytes = Buffer.from(await answer.arrayBuffer())
  const body = type.includes('json') ? Buffer.from(withAudit(bytes.toString('utf8'))) : bytes
  response.writeHead(answer.status, { 'content-type': type })
  response.end(body)
}

// What a registry older than `POST /v1/verdicts` answers it.
function answerAsOlderRegistry(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'application/json' })
  response.end(JSON.stringify({ error: { code: 'REGISTRY_NOT_FOUND', message: 'Not found' } }))
}

function withAudit(text: string): string {
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return
    const record = value as Record<string, unknown>
    if (record['name'] === 'alpha' && typeof record['versions'] === 'object') {
      for (const version of Object.values(record['versions'] as Record<string, object>))
        Object.assign(version, { audit: registryAudit })
    }
    // An entry of a `POST /v1/verdicts` answer.
    if (record['name'] === 'alpha' && 'audit' in record && 'integrity' in record)
      Object.assign(record, { audit: registryAudit })
    for (const child of Object.values(record)) visit(child)
  }
  const parsed: unknown = JSON.parse(text)
  visit(parsed)
  return JSON.stringify(parsed)
}

async function project(label: string, manifest?: unknown): Promise<string> {
  const dir = await mkdirp(join(work, label))
  if (manifest !== undefined) await writeFile(join(dir, 'skillship.json'), JSON.stringify(manifest))
  return dir
}

type Errors = { errors: { code: string; message: string }[] }
const errorOf = (run: CliRun) => run.json<Errors>().errors[0]
type Installed = { audit?: { scanned: number; skills: { name: string; from: string }[] } }

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  )
}

describe('install gate: a git-sourced malicious skill', () => {
  let digest: string
  let rules: string[]

  it('is refused at add with exit 5, INSTALL_AUDIT_BLOCKED naming skill, rules and files, and nothing placed', async () => {
    const dir = await project('blocked')
    const runs: CliRun[] = []
    for (const force of [[], ['--force']]) {
      const run = await cli(['add', spec, '--agent', 'qoder', ...force, '--json'], dir, { env })
      runs.push(run)
      expect(run.code).toBe(5)
      const error = errorOf(run)
      expect(error?.code).toBe('INSTALL_AUDIT_BLOCKED')
      expect(error?.message).toContain(name)
      expect(error?.message).toContain('SKA-RCE-001')
      expect(error?.message).toContain('scripts/bootstrap.sh')
      for (const path of ['skillship.json', 'skillship.lock', '.qoder', '.agents'])
        expect(await exists(join(dir, path))).toBe(false)
    }
    const message = errorOf(runs[0] as CliRun)?.message ?? ''
    digest = /digest (sha512-[A-Za-z0-9+/=]+)/.exec(message)?.[1] ?? ''
    rules = [...new Set(message.match(/SKA-[A-Z]{3}-\d{3}/g) ?? [])]
    // `skillship audit` on the checkout gives the same digest an allow entry needs.
    const audited = await cli(['audit', checkout, '--json'], dir, { env })
    expect(audited.code).toBe(5)
    expect(audited.json<{ skills: { integrity: string }[] }>().skills[0]?.integrity).toBe(digest)
  }, 120_000)

  it('goes through with allow entries that give reasons, recorded in skillship.lock', async () => {
    const allow = rules.map((rule) => ({
      rule,
      skill: name,
      integrity: digest,
      reason: 'vendored bootstrap, reviewed',
    }))
    const manifest = { agents: ['qoder'], skills: { [name]: spec }, audit: { allow } }
    const noReason = await project('no-reason', {
      ...manifest,
      audit: { allow: allow.map(({ reason: _reason, ...entry }) => entry) },
    })
    const refused = await cli(['install', '--json'], noReason, { env })
    expect(refused.code).toBe(1)
    expect(errorOf(refused)?.code).toBe('INSTALL_MANIFEST_INVALID')
    expect(await exists(join(noReason, '.qoder'))).toBe(false)

    const dir = await project('allowed', manifest)
    const run = await cli(['install', '--json'], dir, { env })
    expect({ code: run.code, errors: run.json<Errors>().errors }).toEqual({ code: 0, errors: [] })
    expect(run.json<Installed>().audit).toMatchObject({
      scanned: 1,
      skills: [{ name, from: 'local' }],
    })
    expect(await exists(join(dir, '.qoder', 'skills', name, 'scripts', 'bootstrap.sh'))).toBe(true)
    const lock = JSON.parse(await readFile(join(dir, 'skillship.lock'), 'utf8'))
    expect(lock.lockfileVersion).toBe(4)
    expect(lock.skills[name].audit).toMatchObject({ by: 'local', policy: 'default', digest })
    expect(lock.skills[name].audit.allowed.map((a: { rule: string }) => a.rule).sort()).toEqual(
      [...rules].sort(),
    )

    // --frozen with unchanged content does not scan again, also on the full path (no stamp).
    await rm(join(dir, '.skillship', 'install-stamp.json'))
    const frozen = await cli(['install', '--frozen', '--json'], dir, { env })
    expect(frozen.code).toBe(0)
    expect(frozen.json<Installed>().audit).toEqual({
      scanned: 0,
      skills: [
        {
          name,
          verdict: lock.skills[name].audit.verdict,
          from: 'lockfile',
          rulePack: lock.skills[name].audit.rulePack,
        },
      ],
    })
  })
})

describe("install gate: the registry's verdict", () => {
  const pass = {
    verdict: 'pass',
    rulePack: 'r1',
    findings: {},
    incomplete: false,
    auditedAt: '2026-12-07T00:00:00.000Z',
  }

  it('decides from a clean summary, and a later block wins even under --frozen', async () => {
    registryAudit = pass
    const dir = await project('registry')
    const added = await cli(['add', 'alpha@^1', '--agent', 'qoder', '--json'], dir, { env })
    expect(added.code).toBe(0)
    expect(added.json<Installed>().audit).toMatchObject({
      scanned: 0,
      skills: [{ name: 'alpha', from: 'registry' }],
    })
    const lockBefore = await readFile(join(dir, 'skillship.lock'), 'utf8')
    expect(JSON.parse(lockBefore).skills.alpha.audit).toMatchObject({
      by: 'registry',
      rulePack: 'r1',
      verdict: 'pass',
    })

    registryAudit = { ...pass, verdict: 'block', rulePack: 'r2', findings: { critical: 1 } }
    // The stamp still says nothing changed on disk: the registry is asked all the same, with the
    // verdicts request alone.
    proxied.length = 0
    const stamped = await cli(['install', '--frozen', '--json'], dir, { env })
    expect(stamped.code).toBe(5)
    expect(errorOf(stamped)?.code).toBe('INSTALL_AUDIT_BLOCKED')
    expect(errorOf(stamped)?.message).toContain('alpha@1.0.0')
    expect(proxied).toEqual(['/v1/verdicts'])
    // A registry older than that request: the stamped install reads the documents instead.
    verdictsRoute = false
    proxied.length = 0
    const older = await cli(['install', '--frozen', '--json'], dir, { env })
    verdictsRoute = true
    expect(errorOf(older)?.code).toBe('INSTALL_AUDIT_BLOCKED')
    expect(proxied).toEqual(['/v1/verdicts', '/v1/documents'])
    await rm(join(dir, '.skillship', 'install-stamp.json'))
    const full = await cli(['install', '--frozen', '--json'], dir, { env })
    expect(full.code).toBe(5)
    expect(errorOf(full)?.code).toBe('INSTALL_AUDIT_BLOCKED')
    // Refused before any write: the lockfile and the placed skill are as they were.
    expect(await readFile(join(dir, 'skillship.lock'), 'utf8')).toBe(lockBefore)
    expect(await exists(join(dir, '.qoder', 'skills', 'alpha', 'SKILL.md'))).toBe(true)

    registryAudit = pass
    const again = await cli(['install', '--frozen', '--json'], dir, { env })
    expect(again.code).toBe(0)
    verdictsRoute = false
    const olderPass = await cli(['install', '--frozen', '--json'], dir, { env })
    verdictsRoute = true
    expect(olderPass.code).toBe(0)
  })

  it('audits a registry skill by name@range with skillship audit', async () => {
    registryAudit = pass
    const dir = await project('audit-by-name')
    const run = await cli(['audit', 'alpha@^1', '--json'], dir, { env })
    expect(run.code).toBe(0)
    expect(
      run.json<{ skills: { path: string; registryAudit: unknown }[] }>().skills[0],
    ).toMatchObject({
      path: 'alpha@1.0.0',
      registryAudit: pass,
    })
    const missing = await cli(['audit', 'alpha@^9', '--json'], dir, { env })
    expect(errorOf(missing)?.code).toBe('REGISTRY_NO_MATCHING_VERSION')
  })
})
