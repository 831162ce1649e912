import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient } from '@skillship/registry-client'
import {
  createTokenOffline,
  parseServerConfig,
  type RunningServer,
  startServer,
} from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installerTestOptions } from '../../test/install/installer-test-options.js'
import { tempPrefix } from '../../test/sources/expect-code.js'
import { packTestSkill } from '../../test/sources/pack-test-skill.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import { addSkills } from './add-skills.js'

const names = ['batch-a', 'batch-b', 'batch-c', 'batch-d']
let work: string
let server: RunningServer
let token: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), tempPrefix))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: join(work, 'server'), port: '0' },
  })
  server = await startServer(config)
  token = (await createTokenOffline(config, { name: 'test-admin', scopes: ['admin'] })).token
  const client = createRegistryClient({ registry: server.url, token })
  for (const name of names) {
    const root = await writeTestSkill(join(work, 'skills'), name)
    await client.publish(name, await packTestSkill(root), { version: '1.2.0' })
  }
})

afterAll(async () => {
  await server?.close()
  await rm(work, { recursive: true, force: true })
})

/** Installer options whose registry client records every document read (not tarballs). */
async function countingProject(folder: string) {
  const reads: string[] = []
  const fetcher: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input)
    if (url.pathname === '/v1/documents') reads.push(`POST ${url.pathname}`)
    else if (url.pathname.startsWith('/v1/skills/') && !url.pathname.endsWith('.tgz'))
      reads.push(url.pathname)
    return fetch(input, init)
  }
  const projectRoot = join(work, folder)
  await mkdir(projectRoot, { recursive: true })
  const options = installerTestOptions(join(work, `${folder}-home`), {
    projectRoot,
    registry: server.url,
    clientFor: (url) => createRegistryClient({ registry: url, token, fetch: fetcher }),
  })
  return { options, reads, projectRoot }
}

describe('addSkills', () => {
  it('reads the documents of all its registry specs in one request', async () => {
    const { options, reads, projectRoot } = await countingProject('batched')
    const result = await addSkills(options, {
      specs: ['batch-a', 'batch-b@^1.0.0', 'batch-c', 'batch-d@1.2.0'],
      agents: ['claude-code'],
      skipRuntimes: true,
    })
    expect(reads).toEqual(['POST /v1/documents'])
    expect(result.skills.map((skill) => skill.name).sort()).toEqual(names)
    const manifest = JSON.parse(await readFile(join(projectRoot, 'skillship.json'), 'utf8'))
    expect(manifest.skills).toEqual({
      'batch-a': '^1.2.0',
      'batch-b': '^1.0.0',
      'batch-c': '^1.2.0',
      'batch-d': '1.2.0',
    })
  })
})
