import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient } from '@skillship/registry-client'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { packTestSkill } from '../../test/registry-harness.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'
import { createPublishScratch, publishScratchRoot, removeStaleScratch } from './publish-scratch.js'

let work: string
let root: string

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-scratch-test-'))
  root = join(work, 'scratch')
})

afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

// A pid that certainly ran and ended.
const deadPid = spawnSync(process.execPath, ['-e', '']).pid
const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)

async function folder(name: string, old = true): Promise<void> {
  await mkdir(join(root, name, 'skill'), { recursive: true })
  await writeFile(join(root, name, 'skill', 'SKILL.md'), 'x')
  if (old) await utimes(join(root, name), hourAgo, hourAgo)
}

it('removes only stale scratch folders of dead processes, nothing else in the folder', async () => {
  await folder(`publish-${deadPid}-aB3xY9`)
  await folder(`publish-${deadPid}-fresh1`, false)
  await folder(`publish-${process.pid}-mine00`)
  await folder('publish-notapid-abcdef')
  await folder('operator-notes')
  await writeFile(join(root, `publish-${deadPid}-file00`), 'a file, not a folder')
  const outside = join(work, 'outside')
  await mkdir(outside)
  await writeFile(join(outside, 'keep.txt'), 'keep')
  await symlink(outside, join(root, `publish-${deadPid}-link00`))
  await utimes(outside, hourAgo, hourAgo)

  expect(await removeStaleScratch(root)).toEqual([`publish-${deadPid}-aB3xY9`])
  expect((await readdir(root)).sort()).toEqual(
    [
      `publish-${deadPid}-fresh1`,
      `publish-${process.pid}-mine00`,
      'publish-notapid-abcdef',
      'operator-notes',
      `publish-${deadPid}-file00`,
      `publish-${deadPid}-link00`,
    ].sort(),
  )
  expect(await readdir(outside)).toEqual(['keep.txt'])
})

it('creates scratch folders under the root, named for this process', async () => {
  const scratch = await createPublishScratch(root)
  expect(scratch.startsWith(join(root, `publish-${process.pid}-`))).toBe(true)
  expect(await removeStaleScratch(root, { graceMs: 0 })).toEqual([])
  expect(await removeStaleScratch(join(work, 'missing'))).toEqual([])
})

it('the server cleans its scratch folder at start and publishes into it', async () => {
  const dataDir = join(work, 'data')
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: dataDir, port: '0' },
  })
  const stale = `publish-${deadPid}-crash0`
  await mkdir(join(publishScratchRoot(dataDir), stale, 'skill'), { recursive: true })
  await utimes(join(publishScratchRoot(dataDir), stale), hourAgo, hourAgo)
  const server = await startServer(config)
  try {
    const token = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
    await createRegistryClient({ registry: server.url, token }).publish(
      'scratchy',
      await packTestSkill('scratchy', '1.0.0'),
    )
    expect(await readdir(publishScratchRoot(dataDir))).toEqual([])
  } finally {
    await server.close()
  }
})
