import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createRegistryClient,
  type RegistryClient,
  RegistryErrorCode,
} from '@skillship/registry-client'
import {
  createTokenOffline,
  parseServerConfig,
  type RunningServer,
  startServer,
} from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeSourceContract } from '../../test/contract/source.contract.js'
import { codeOf, tempPrefix } from '../../test/sources/expect-code.js'
import { packTestSkill } from '../../test/sources/pack-test-skill.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { createRegistrySource } from './create-sources.js'

interface Registry {
  readonly url: string
  readonly token: string
  readonly client: RegistryClient
  close(): Promise<void>
}

/** A real registry on a free port with `reg-skill` 1.0.0, 1.2.0, 1.3.0 (yanked) and 2.0.0-beta.1. */
async function startRegistry(): Promise<Registry> {
  const work = await mkdtemp(join(tmpdir(), tempPrefix))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: join(work, 'server'), port: '0' },
  })
  const server: RunningServer = await startServer(config)
  const { token } = await createTokenOffline(config, { name: 'test-admin', scopes: ['admin'] })
  const client = createRegistryClient({ registry: server.url, token })
  const root = await writeTestSkill(work, 'reg-skill')
  for (const version of ['1.0.0', '1.2.0', '1.3.0']) {
    await client.publish('reg-skill', await packTestSkill(root), { version })
  }
  await client.publish('reg-skill', await packTestSkill(root), {
    version: '2.0.0-beta.1',
    tag: 'beta',
  })
  await client.updateVersion('reg-skill', '1.3.0', { yanked: true })
  return {
    url: server.url,
    token,
    client,
    close: async () => {
      await server.close()
      await rm(work, { recursive: true, force: true })
    },
  }
}

describeSourceContract('registry', async () => {
  const registry = await startRegistry()
  return {
    source: createRegistrySource({
      registry: registry.url,
      clientFor: (url) => createRegistryClient({ registry: url, token: registry.token }),
    }),
    spec: { kind: 'registry', name: 'reg-skill', range: '^1.0.0' },
    expectedName: 'reg-skill',
    expectedVersion: '1.2.0',
    cleanup: () => registry.close(),
  }
})

describe('registry source', () => {
  let registry: Registry
  let otherDir: string

  beforeAll(async () => {
    registry = await startRegistry()
    otherDir = await mkdtemp(join(tmpdir(), tempPrefix))
    const other = await writeTestSkill(otherDir, 'reg-other')
    await registry.client.publish('reg-other', await packTestSkill(other), { version: '1.0.0' })
  })

  afterAll(async () => {
    await registry.close()
    await rm(otherDir, { recursive: true, force: true })
  })

  const recordRead = (path: string, reads: string[]) => {
    if (path === '/v1/documents') reads.push(`POST ${path}`)
    else if (path.startsWith('/v1/skills/') && !path.endsWith('.tgz')) reads.push(path)
  }

  // What a registry from before `POST /v1/documents` answers.
  const routeMissing = () =>
    Response.json(
      { error: { code: RegistryErrorCode.NotFound, message: 'No such route' } },
      { status: 404 },
    )

  const tampered = async (response: Response) => {
    const bytes = new Uint8Array(await response.arrayBuffer())
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff
    return new Response(bytes, {
      status: response.status,
      headers: { 'content-type': 'application/gzip' },
    })
  }

  /** A source whose client counts document reads and can corrupt tarball downloads. */
  function sourceWith(options: { tamper?: boolean; oldServer?: boolean } = {}) {
    const reads: string[] = []
    const fetcher: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input)
      recordRead(url.pathname, reads)
      if (url.pathname === '/v1/documents' && options.oldServer === true) return routeMissing()
      const response = await fetch(input, init)
      return options.tamper === true && url.pathname.endsWith('.tgz')
        ? tampered(response)
        : response
    }
    const source = createRegistrySource({
      registry: registry.url,
      clientFor: (url) =>
        createRegistryClient({ registry: url, token: registry.token, fetch: fetcher }),
    })
    return { source, reads }
  }

  it('picks dist-tags, exact (even yanked) versions and the highest non-yanked match', async () => {
    const { source } = sourceWith()
    const version = async (range: string) =>
      (await source.resolve({ kind: 'registry', name: 'reg-skill', range })).version
    // Yanking 1.3.0, which `latest` pointed at, moved `latest` to 1.2.0 (publishing under `beta`
    // left it alone); an exact version still resolves even when yanked.
    expect(await version('latest')).toBe('1.2.0')
    expect(await version('beta')).toBe('2.0.0-beta.1')
    expect(await version('^1.0.0')).toBe('1.2.0')
    expect(await version('1.3.0')).toBe('1.3.0')
    expect(await version('~1.0.0')).toBe('1.0.0')
  })

  it('reads each skill document once per instance', async () => {
    const { source, reads } = sourceWith()
    for (const range of ['^1.0.0', '1.0.0', 'latest']) {
      const resolution = await source.resolve({ kind: 'registry', name: 'reg-skill', range })
      await source.fetch(resolution.source)
    }
    expect(reads).toEqual(['/v1/skills/reg-skill'])
  })

  it('prefetches many documents in one request, then resolves without reading again', async () => {
    const { source, reads } = sourceWith()
    const specs = ['reg-skill', 'reg-other'].map(
      (name) => ({ kind: 'registry', name, range: '^1' }) as const,
    )
    await source.prefetch?.(specs)
    for (const spec of specs) await source.resolve(spec)
    expect(reads).toEqual(['POST /v1/documents'])
  })

  it('prefetch fails a missing name with its single-read code', async () => {
    const { source, reads } = sourceWith()
    const specs = ['reg-skill', 'nope'].map(
      (name) => ({ kind: 'registry', name, range: '^1' }) as const,
    )
    expect(await codeOf(source.prefetch?.(specs) ?? Promise.resolve())).toBe(
      RegistryErrorCode.NotFound,
    )
    expect(reads).toEqual(['POST /v1/documents', '/v1/skills/nope'])
  })

  it('reads one document at a time from a registry without the batch route', async () => {
    const { source, reads } = sourceWith({ oldServer: true })
    const specs = ['reg-skill', 'reg-other'].map(
      (name) => ({ kind: 'registry', name, range: 'latest' }) as const,
    )
    await source.prefetch?.(specs)
    expect(reads.sort()).toEqual([
      '/v1/skills/reg-other',
      '/v1/skills/reg-skill',
      'POST /v1/documents',
    ])
    expect((await source.resolve(specs[0] as (typeof specs)[0])).version).toBe('1.2.0')
  })

  it('records the registry, name and version, and the dist integrity', async () => {
    const { source } = sourceWith()
    const resolution = await source.resolve({ kind: 'registry', name: 'reg-skill', range: '1.0.0' })
    const document = await registry.client.getSkill('reg-skill')
    expect(resolution).toEqual({
      name: 'reg-skill',
      version: '1.0.0',
      source: { type: 'registry', registry: registry.url, name: 'reg-skill', version: '1.0.0' },
      integrity: document.notModified ? '' : document.document.versions['1.0.0']?.dist.integrity,
    })
  })

  it('fails a range nothing matches with INSTALL_NO_MATCHING_VERSION', async () => {
    const { source } = sourceWith()
    for (const range of ['^3.0.0', 'nightly', '>=1.3.0 <1.4.0']) {
      expect(await codeOf(source.resolve({ kind: 'registry', name: 'reg-skill', range }))).toBe(
        InstallErrorCode.NoMatchingVersion,
      )
    }
  })

  it('keeps the registry codes of unknown skills and versions', async () => {
    const { source } = sourceWith()
    expect(await codeOf(source.resolve({ kind: 'registry', name: 'nope', range: 'latest' }))).toBe(
      RegistryErrorCode.NotFound,
    )
    const locked = {
      type: 'registry',
      registry: registry.url,
      name: 'reg-skill',
      version: '9.0.0',
    } as const
    expect(await codeOf(source.fetch(locked))).toBe(RegistryErrorCode.VersionNotFound)
  })

  it('refuses a tampered tarball with REGISTRY_INTEGRITY_MISMATCH', async () => {
    const { source } = sourceWith({ tamper: true })
    const resolution = await source.resolve({ kind: 'registry', name: 'reg-skill', range: '^1' })
    expect(await codeOf(source.fetch(resolution.source))).toBe(RegistryErrorCode.IntegrityMismatch)
  })
})
