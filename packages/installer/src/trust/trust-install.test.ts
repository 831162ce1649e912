import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient } from '@skillship/registry-client'
import { generateSigningKey, type SigningKey, signatureFileName } from '@skillship/signing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installerTestOptions } from '../../test/install/installer-test-options.js'
import { codeOf } from '../../test/sources/expect-code.js'
import { type BytesServer, serveBytes } from '../../test/sources/serve-bytes.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import {
  pinned,
  registryRoutes,
  servedVersion,
  signTarball,
} from '../../test/trust/signed-registry.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { runInstall } from '../install/run-install.js'

let work: string
let server: BytesServer
let routes: Record<string, Uint8Array>
const publisher = generateSigningKey()
const stranger = generateSigningKey()
const registryKey = generateSigningKey()

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-trust-install-'))
  const skills = join(work, 'skills')
  const signed = await servedVersion(
    await writeTestSkill(skills, 'signed'),
    'signed',
    '1.0.0',
    publisher,
  )
  const plain = await servedVersion(
    await writeTestSkill(skills, 'plain'),
    'plain',
    '1.0.0',
    undefined,
  )
  const other = await servedVersion(
    await writeTestSkill(skills, 'other'),
    'other',
    '1.0.0',
    stranger,
  )
  routes = registryRoutes([signed, plain, other], registryKey)
  server = await serveBytes(routes)
})

afterAll(async () => {
  await server.close()
  await rm(work, { recursive: true, force: true })
})

async function project(name: string, skills: Record<string, string>, trust: unknown) {
  const root = join(work, name)
  await mkdir(root, { recursive: true })
  await writeFile(
    join(root, 'skillship.json'),
    JSON.stringify({ agents: ['qoder'], skills, trust }),
  )
  const options = installerTestOptions(join(work, `${name}-home`), {
    projectRoot: root,
    registry: server.url,
    clientFor: (url) => createRegistryClient({ registry: url, timeoutMs: 5_000 }),
  })
  return {
    root,
    options,
    placed: (skill: string) => existsSync(join(root, '.qoder/skills', skill)),
  }
}

const policy = (keys: SigningKey[], extra: object = {}) => ({
  publishers: { signed: keys.map((key) => key.keyId) },
  keys: Object.assign({}, ...keys.map(pinned)),
  registryKeys: 'verify',
  ...extra,
})

describe('install under a trust policy (registry on a real port)', () => {
  it('installs a skill signed by the pinned key and locks its signer', async () => {
    const { root, options, placed } = await project('ok', { signed: '^1' }, policy([publisher]))
    await runInstall(options, { skipRuntimes: true })
    expect(placed('signed')).toBe(true)
    const lock = JSON.parse(await readFile(join(root, 'skillship.lock'), 'utf8'))
    expect(lock.skills.signed.signer).toBe(publisher.keyId)
  })

  it('refuses a valid bundle by a key the policy does not name, placing nothing', async () => {
    const trust = { publishers: { other: [publisher.keyId] }, keys: pinned(publisher) }
    const { options, placed } = await project('stranger', { other: '^1' }, trust)
    expect(await codeOf(runInstall(options, { skipRuntimes: true, force: true }))).toBe(
      InstallErrorCode.SignatureUntrusted,
    )
    expect(placed('other')).toBe(false)
  })

  it('refuses an unsigned skill under requireSignatures', async () => {
    const trust = policy([publisher], { requireSignatures: true })
    const { options, placed } = await project('unsigned', { plain: '^1' }, trust)
    expect(await codeOf(runInstall(options, { skipRuntimes: true }))).toBe(
      InstallErrorCode.SignatureMissing,
    )
    expect(placed('plain')).toBe(false)
  })

  it('refuses a registry that rewrites document and tarball consistently', async () => {
    const skills = join(work, 'rewritten')
    const evil = await servedVersion(
      await writeTestSkill(skills, 'signed', { files: { 'extra.md': 'injected\n' } }),
      'signed',
      '1.0.0',
      undefined,
    )
    const honest = routes['/v1/skills/signed/-/1.0.0.sigstore.json']
    const rewritten = registryRoutes(
      [{ ...evil, bundle: '', publisherKeyId: publisher.keyId }],
      registryKey,
    )
    const rewrite = await serveBytes({
      ...rewritten,
      '/v1/skills/signed/-/1.0.0.sigstore.json': honest as Uint8Array,
    })
    try {
      const { options, placed } = await project('rewrite', { signed: '^1' }, policy([publisher]))
      const attacked = { ...options, registry: rewrite.url }
      expect(await codeOf(runInstall(attacked, { skipRuntimes: true, force: true }))).toBe(
        InstallErrorCode.SignatureInvalid,
      )
      expect(placed('signed')).toBe(false)
    } finally {
      await rewrite.close()
    }
  })

  it('refuses a registry signature that does not verify', async () => {
    const forged = registryRoutes(
      [await servedVersion(join(work, 'skills', 'signed'), 'signed', '1.0.0', publisher)],
      generateSigningKey(),
    )
    const keys = routes['/v1/keys'] as Uint8Array
    const fake = await serveBytes({ ...forged, '/v1/keys': keys })
    try {
      const { options, placed } = await project('forged', { signed: '^1' }, policy([publisher]))
      expect(
        await codeOf(runInstall({ ...options, registry: fake.url }, { skipRuntimes: true })),
      ).toBe(InstallErrorCode.SignatureRegistryInvalid)
      expect(placed('signed')).toBe(false)
    } finally {
      await fake.close()
    }
  })

  it('refuses a signature of 1.0.0 replayed onto 1.0.1, and a revoked key', async () => {
    const root = join(work, 'skills', 'signed')
    const next = await servedVersion(root, 'signed', '1.0.1', undefined)
    const replayed = registryRoutes(
      [{ ...next, bundle: '', publisherKeyId: publisher.keyId }],
      registryKey,
    )
    replayed['/v1/skills/signed/-/1.0.1.sigstore.json'] = routes[
      '/v1/skills/signed/-/1.0.0.sigstore.json'
    ] as Uint8Array
    const revoked = registryRoutes(
      [await servedVersion(root, 'signed', '1.0.0', publisher)],
      registryKey,
    )
    const document = JSON.parse(Buffer.from(revoked['/v1/skills/signed'] as Uint8Array).toString())
    document.versions['1.0.0'].signatures.publisher.revoked = true
    revoked['/v1/skills/signed'] = Buffer.from(JSON.stringify(document))
    revoked['/v1/documents'] = Buffer.from(
      JSON.stringify({ documents: { signed: document }, missing: [] }),
    )
    for (const [attack, code] of [
      [replayed, InstallErrorCode.SignatureInvalid],
      [revoked, InstallErrorCode.SignatureRevoked],
    ] as const) {
      const fake = await serveBytes(attack)
      try {
        const { options, placed } = await project(
          `attack-${code}`,
          { signed: '^1' },
          policy([publisher]),
        )
        expect(
          await codeOf(runInstall({ ...options, registry: fake.url }, { skipRuntimes: true })),
        ).toBe(code)
        expect(placed('signed')).toBe(false)
      } finally {
        await fake.close()
      }
    }
  })

  it('refuses under --frozen a locked version now signed by another key', async () => {
    const both = policy([publisher, stranger])
    const { root, options, placed } = await project('frozen', { signed: '^1' }, both)
    await runInstall(options, { skipRuntimes: true })
    await rm(join(root, '.qoder'), { recursive: true })
    const served = await servedVersion(join(work, 'skills', 'signed'), 'signed', '1.0.0', stranger)
    const resigned = await serveBytes(registryRoutes([served], registryKey))
    try {
      const moved = { ...options, registry: resigned.url }
      const lockPath = join(root, 'skillship.lock')
      const lock = (await readFile(lockPath, 'utf8')).replaceAll(server.url, resigned.url)
      await writeFile(lockPath, lock)
      await writeFile(
        join(root, 'skillship.json'),
        JSON.stringify({
          registry: resigned.url,
          agents: ['qoder'],
          skills: { signed: '^1' },
          trust: both,
        }),
      )
      expect(await codeOf(runInstall(moved, { skipRuntimes: true, frozen: true }))).toBe(
        InstallErrorCode.SignatureSignerChanged,
      )
      expect(placed('signed')).toBe(false)
    } finally {
      await resigned.close()
    }
  })
})

describe('install of a folder with a detached bundle', () => {
  it('verifies skill.sigstore.json next to SKILL.md, and refuses it once a file changed', async () => {
    const folder = await writeTestSkill(join(work, 'local'), 'local-skill', { version: '1.0.0' })
    const tarball = (await servedVersion(folder, 'local-skill', '1.0.0', undefined)).tarball
    await writeFile(
      join(folder, signatureFileName),
      await signTarball('local-skill', '1.0.0', tarball, publisher),
    )
    const trust = { publishers: { 'local-*': [publisher.keyId] }, keys: pinned(publisher) }
    const { root, options, placed } = await project(
      'folder',
      { 'local-skill': `file:${folder}` },
      trust,
    )
    await runInstall(options, { skipRuntimes: true })
    const lock = JSON.parse(await readFile(join(root, 'skillship.lock'), 'utf8'))
    expect(lock.skills['local-skill'].signer).toBe(publisher.keyId)
    await writeFile(
      join(folder, 'SKILL.md'),
      `${await readFile(join(folder, 'SKILL.md'), 'utf8')}\nmore\n`,
    )
    await rm(join(root, '.qoder'), { recursive: true })
    expect(await codeOf(runInstall(options, { skipRuntimes: true, update: true }))).toBe(
      InstallErrorCode.SignatureInvalid,
    )
    expect(placed('local-skill')).toBe(false)
  })
})
