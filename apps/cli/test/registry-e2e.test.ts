import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SkillErrorCode } from '@skillship/core'
import { computeIntegrity } from '@skillship/core/node'
import { createRegistryClient } from '@skillship/registry-client'
import {
  createTokenOffline,
  parseServerConfig,
  type RunningServer,
  startServer,
} from '@skillship/server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithShared, sharedMaterials } from '../../../test/shared-material.js'
import { cli } from './cli-harness.js'

let server: RunningServer
let work: string
let env: Record<string, string>
let names: string[]

// Publishes the real corpus skills with the CLI to a registry on a real port, then reads them back.
describeWithShared('registry end to end over a real port', sharedMaterials.corpus, (corpus) => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'skillship-e2e-'))
    const config = parseServerConfig({
      env: { SKILLSHIP_LOG_LEVEL: 'silent' },
      flags: { data: join(work, 'server'), port: '0' },
    })
    server = await startServer(config)
    const admin = await createTokenOffline(config, { name: 'e2e-admin', scopes: ['admin'] })
    env = { SKILLSHIP_HOME: join(work, 'home') }
    const login = await cli(
      ['login', '--registry', server.url, '--token', admin.token, '--json'],
      work,
      { env },
    )
    expect(login.code).toBe(0)
    // Publish from copies: the corpus is read-only shared material.
    await cp(corpus, join(work, 'corpus'), { recursive: true })
    names = (await readdir(join(work, 'corpus'))).sort()
  })

  afterAll(async () => {
    await server.close()
    await rm(work, { recursive: true, force: true })
  })

  it('stores the login token with mode 0600', async () => {
    expect((await stat(join(work, 'home', 'config.json'))).mode & 0o777).toBe(0o600)
  })

  it('publishes every valid corpus skill with the CLI and refuses claude-api', async () => {
    for (const name of names) {
      const run = await cli(
        ['publish', join('corpus', name), '--version', '1.0.0', '--json'],
        work,
        { env },
      )
      if (name === 'claude-api') {
        expect(run.code).toBe(1)
        expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
          SkillErrorCode.Invalid,
        )
      } else {
        expect({ name, code: run.code, stderr: run.stderr }).toEqual({ name, code: 0, stderr: '' })
      }
    }
    const search = await cli(['search', '--limit', '100', '--json'], work, { env })
    expect(search.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toEqual(
      names.filter((n) => n !== 'claude-api'),
    )
  })

  it('resolves ^1 to the highest 1.x, and serves byte-identical tarballs with matching integrity', async () => {
    await cli(['publish', 'corpus/mcp-builder', '--version', '1.4.0'], work, { env })
    await cli(['publish', 'corpus/mcp-builder', '--version', '2.0.0'], work, { env })
    const info = await cli(['info', 'mcp-builder@^1', '--json'], work, { env })
    const body = info.json<{
      version: string
      skillDigest: string
      resolved: { dist: { integrity: string } }
    }>()
    expect(body.version).toBe('1.4.0')
    const local = await cli(
      ['pack', 'corpus/mcp-builder', '--version', '1.4.0', '-o', 'local.tgz', '--json'],
      work,
      { env },
    )
    expect(local.json<{ integrity: string }>().integrity).toBe(body.resolved.dist.integrity)
    // The digest info computes from the registry's file list is the one pack computes locally.
    expect(local.json<{ skillDigest: string }>().skillDigest).toBe(body.skillDigest)
    expect(body.skillDigest).toMatch(/^skilltree-sha256:[0-9a-f]{64}$/)
    const downloaded = await createRegistryClient({ registry: server.url }).downloadTarball(
      'mcp-builder',
      '1.4.0',
      { integrity: body.resolved.dist.integrity },
    )
    const packed = await readFile(join(work, 'local.tgz'))
    expect(Buffer.from(downloaded).equals(packed)).toBe(true)
    expect(computeIntegrity(downloaded)).toBe(body.resolved.dist.integrity)
  })

  it('manages dist-tags, deprecation and yanks through the CLI', async () => {
    expect(
      (await cli(['dist-tag', 'add', 'mcp-builder@1.4.0', 'stable'], work, { env })).code,
    ).toBe(0)
    const tags = await cli(['dist-tag', 'ls', 'mcp-builder', '--json'], work, { env })
    expect(tags.json<{ distTags: Record<string, string> }>().distTags).toEqual({
      latest: '2.0.0',
      stable: '1.4.0',
    })
    expect((await cli(['deprecate', 'mcp-builder@1.0.0', 'use 1.4'], work, { env })).code).toBe(0)
    expect((await cli(['yank', 'mcp-builder@1.4.0'], work, { env })).code).toBe(0)
    const info = await cli(['info', 'mcp-builder@^1', '--json'], work, { env })
    expect(info.json<{ version: string }>().version).toBe('1.0.0')
    const yanked = await cli(['info', 'mcp-builder@1.4.0', '--json'], work, { env })
    expect(yanked.json<{ version: string }>().version).toBe('1.4.0')
  })

  it('exits 4 for a missing skill, 3 for an unreachable registry, 1 without a token', async () => {
    expect((await cli(['info', 'no-such-skill'], work, { env })).code).toBe(4)
    expect(
      (await cli(['info', 'pdf', '--registry', 'http://127.0.0.1:9'], work, { env })).code,
    ).toBe(3)
    const anonymous = await cli(
      ['publish', 'corpus/mcp-builder', '--version', '9.0.0', '--json'],
      work,
      { env: { SKILLSHIP_HOME: join(work, 'nobody') } },
    )
    expect(anonymous.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'REGISTRY_NOT_LOGGED_IN',
    )
    const missing = await cli(['publish', 'corpus/no-such-folder', '--json'], work, { env })
    expect(missing.code).toBe(4)
    expect(missing.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      SkillErrorCode.PathNotFound,
    )
  })
})
