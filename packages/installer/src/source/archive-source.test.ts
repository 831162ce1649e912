import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeSourceContract } from '../../test/contract/source.contract.js'
import { codeOf, tempPrefix } from '../../test/sources/expect-code.js'
import { packTestSkill, zipTestSkill } from '../../test/sources/pack-test-skill.js'
import { type BytesServer, serveBytes } from '../../test/sources/serve-bytes.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { createArchiveSource } from './archive-source.js'

describeSourceContract('archive (.tgz file)', async () => {
  const work = await mkdtemp(join(tmpdir(), tempPrefix))
  const root = await writeTestSkill(work, 'tgz-skill', { version: '2.0.0' })
  const location = join(work, 'tgz-skill.tgz')
  await writeFile(location, await packTestSkill(root))
  return {
    source: createArchiveSource(),
    spec: { kind: 'archive', location },
    expectedName: 'tgz-skill',
    expectedVersion: '2.0.0',
    cleanup: () => rm(work, { recursive: true, force: true }),
  }
})

describeSourceContract('archive (.zip file without a wrapper folder)', async () => {
  const work = await mkdtemp(join(tmpdir(), tempPrefix))
  const root = await writeTestSkill(work, 'zip-skill', { files: { 'docs/a.md': 'A\n' } })
  const location = join(work, 'exported.zip')
  await writeFile(location, await zipTestSkill(root, ['SKILL.md', 'docs/a.md']))
  return {
    source: createArchiveSource(),
    spec: { kind: 'archive', location },
    expectedName: 'zip-skill',
    expectedVersion: '0.0.0',
    cleanup: () => rm(work, { recursive: true, force: true }),
  }
})

describeSourceContract('archive (http://127.0.0.1 URL)', async () => {
  const work = await mkdtemp(join(tmpdir(), tempPrefix))
  const root = await writeTestSkill(work, 'url-skill', { version: '0.3.1' })
  const server = await serveBytes({ '/url-skill.tgz': await packTestSkill(root) })
  return {
    source: createArchiveSource(),
    spec: { kind: 'archive', location: `${server.url}/url-skill.tgz` },
    expectedName: 'url-skill',
    expectedVersion: '0.3.1',
    cleanup: async () => {
      await server.close()
      await rm(work, { recursive: true, force: true })
    },
  }
})

describe('archive source', () => {
  let work: string
  let server: BytesServer
  let tgz: Uint8Array

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), tempPrefix))
    tgz = await packTestSkill(await writeTestSkill(work, 'served'))
    const invalid = await packTestSkill(
      await writeTestSkill(work, 'invalid', { frontmatter: 'name: invalid\n' }),
    )
    server = await serveBytes({
      '/served.tgz': tgz,
      '/garbage.tgz': new TextEncoder().encode('not an archive'),
      '/invalid.tgz': invalid,
    })
  })

  afterAll(async () => {
    await server.close()
    await rm(work, { recursive: true, force: true })
  })

  it('downloads once for a resolve followed by a fetch', async () => {
    const source = createArchiveSource()
    const before = server.requests.length
    const resolution = await source.resolve({
      kind: 'archive',
      location: `${server.url}/served.tgz`,
    })
    await source.fetch(resolution.source)
    expect(server.requests.length - before).toBe(1)
  })

  it('fails a 404 and an unreachable host with INSTALL_FETCH_FAILED', async () => {
    const source = createArchiveSource()
    const missing = source.resolve({ kind: 'archive', location: `${server.url}/missing.tgz` })
    expect(await codeOf(missing)).toBe(InstallErrorCode.FetchFailed)
    const closed = await serveBytes({})
    await closed.close()
    const refused = source.fetch({ type: 'archive', location: `${closed.url}/x.tgz` })
    expect(await codeOf(refused)).toBe(InstallErrorCode.FetchFailed)
  })

  it('refuses downloads over the size limit with INSTALL_FETCH_FAILED', async () => {
    const source = createArchiveSource({ maxBytes: tgz.length - 1 })
    const location = `${server.url}/served.tgz`
    expect(await codeOf(source.resolve({ kind: 'archive', location }))).toBe(
      InstallErrorCode.FetchFailed,
    )
  })

  it('refuses what is not an archive of a valid skill with INSTALL_INVALID_SKILL', async () => {
    const source = createArchiveSource()
    for (const name of ['garbage', 'invalid']) {
      const location = `${server.url}/${name}.tgz`
      expect(await codeOf(source.resolve({ kind: 'archive', location }))).toBe(
        InstallErrorCode.InvalidSkill,
      )
    }
  })

  it('refuses a missing file and a plain-http lockfile location with INSTALL_SPEC_INVALID', async () => {
    const source = createArchiveSource()
    const missing = { kind: 'archive', location: join(work, 'missing.tgz') } as const
    expect(await codeOf(source.resolve(missing))).toBe(InstallErrorCode.SpecInvalid)
    const plain = { type: 'archive', location: 'http://example.com/x.tgz' } as const
    expect(await codeOf(source.fetch(plain))).toBe(InstallErrorCode.SpecInvalid)
  })
})
