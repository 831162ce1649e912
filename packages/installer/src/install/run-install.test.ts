import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient, RegistryErrorCode } from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installerTestOptions } from '../../test/install/installer-test-options.js'
import { codeOf } from '../../test/sources/expect-code.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallerOptions } from '../project/project.js'
import { runInstall } from './run-install.js'

// Port 1 on loopback: nothing listens, every request is refused at once.
const deadRegistry = 'http://127.0.0.1:1'
let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-run-install-'))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

async function project(name: string): Promise<{ root: string; options: InstallerOptions }> {
  const root = join(work, name)
  await mkdir(root, { recursive: true })
  await writeFile(
    join(root, 'skillship.json'),
    JSON.stringify({ agents: ['qoder'], skills: { one: '^1', two: '^1' } }),
  )
  const options = installerTestOptions(work, {
    projectRoot: root,
    registry: deadRegistry,
    clientFor: (url) => createRegistryClient({ registry: url, timeoutMs: 2_000 }),
  })
  return { root, options }
}

describe('runInstall while the registry is asked early', () => {
  it('reports an unreachable registry with its code and writes nothing', async () => {
    const { root, options } = await project('unreachable')
    expect(await codeOf(runInstall(options, { skipRuntimes: true }))).toBe(
      RegistryErrorCode.Unreachable,
    )
    expect((await readdir(root)).sort()).toEqual(['.skillship', 'skillship.json'])
    // The project lock's folder, left empty.
    expect(await readdir(join(root, '.skillship'))).toEqual([])
  })

  it('reports a folder it cannot write first, the registry failing meanwhile', async () => {
    const { root, options } = await project('blocked')
    // A file where the agent's folder must go: no one can write there.
    await writeFile(join(root, '.qoder'), 'not a folder')
    expect(await codeOf(runInstall(options, { skipRuntimes: true }))).toBe(
      InstallErrorCode.NotWritable,
    )
    expect((await readdir(root)).sort()).toEqual(['.qoder', '.skillship', 'skillship.json'])
  })
})
