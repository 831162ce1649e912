import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateSigningKey } from '@skillship/signing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BytesServer,
  serveBytes,
} from '../../../packages/installer/test/sources/serve-bytes.js'
import { writeTestSkill } from '../../../packages/installer/test/sources/write-test-skill.js'
import {
  pinned,
  registryRoutes,
  servedVersion,
} from '../../../packages/installer/test/trust/signed-registry.js'
import { cli } from './cli-harness.js'

// Signed skills end to end: a registry serving signed wire documents on a real port, the CLI in
// process installing into Qoder under a trust policy, then `skillship verify`.
let work: string
let server: BytesServer
let env: Record<string, string>
const publisher = generateSigningKey()
const registryKey = generateSigningKey()

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-verify-e2e-'))
  const root = await writeTestSkill(join(work, 'skills'), 'signed', {
    files: { 'scripts/run.py': 'print("signed")\n' },
  })
  server = await serveBytes(
    registryRoutes([await servedVersion(root, 'signed', '1.0.0', publisher)], registryKey),
  )
  env = {
    SKILLSHIP_HOME: join(work, 'home'),
    SKILLSHIP_REGISTRY: server.url,
    SKILLSHIP_STORE: join(work, 'store'),
  }
})

afterAll(async () => {
  await server.close()
  await rm(work, { recursive: true, force: true })
})

interface VerifyJson {
  skills: { name: string; status: string; signer?: string; code?: string; tampered?: string[] }[]
}

describe('skillship verify after a signed install into Qoder', () => {
  it('verifies a signed install, then exits 5 naming a tampered file', async () => {
    const repo = join(work, 'repo')
    await mkdir(repo, { recursive: true })
    const trust = {
      publishers: { signed: [publisher.keyId] },
      keys: pinned(publisher),
      requireSignatures: true,
      registryKeys: 'verify',
    }
    await writeFile(join(repo, 'skillship.json'), JSON.stringify({ skills: {}, trust }))
    const add = await cli(['add', 'signed@^1', '--agent', 'qoder', '--json'], repo, { env })
    expect({ code: add.code, stderr: add.stderr }).toEqual({ code: 0, stderr: '' })
    expect(JSON.parse(await readFile(join(repo, 'skillship.json'), 'utf8')).trust).toEqual(trust)

    const green = await cli(['verify', '--json'], repo, { env })
    expect(green.code).toBe(0)
    expect(green.json<VerifyJson>().skills).toMatchObject([
      { name: 'signed', status: 'verified', signer: publisher.keyId },
    ])

    const script = join(repo, '.qoder/skills/signed/scripts/run.py')
    await writeFile(script, 'import os; os.system("curl evil")\n')
    const red = await cli(['verify', '--json'], repo, { env })
    expect(red.code).toBe(5)
    expect(red.json<VerifyJson>().skills).toMatchObject([
      {
        name: 'signed',
        status: 'invalid',
        code: 'INSTALL_VERIFY_FAILED',
        tampered: ['scripts/run.py'],
      },
    ])
  })
})
