import { execFile } from 'node:child_process'
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { RunningServer } from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../server/test/registry-harness.js'
import { cli, startTestRegistry } from './cli-harness.js'

// installed.json is a claim, never an order: planted or copied state files must not make
// install, install --frozen or remove delete anything skillship cannot prove it placed there.
let server: RunningServer
let work: string
let env: Record<string, string>
const run = promisify(execFile)

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-state-e2e-'))
  const registry = await startTestRegistry(join(work, 'server'))
  server = registry.server
  const { client } = registry
  for (const name of ['alpha', 'beta']) {
    await client.publish(name, await packTestSkill(name, '1.0.0'))
  }
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

let serial = 0
async function installedProject(): Promise<string> {
  serial += 1
  const dir = join(work, `project-${serial}`)
  await mkdir(dir, { recursive: true })
  const added = await cli(['add', 'alpha@^1', 'beta@^1', '--agent', 'qoder,windsurf'], dir, {
    env,
  })
  expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' })
  return dir
}

// A folder outside every project, holding something its owner wants.
async function victim(): Promise<string> {
  serial += 1
  const dir = join(work, `victim-${serial}`)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'precious.txt'), 'keep me\n')
  return dir
}

async function plantState(project: string, paths: readonly string[]): Promise<void> {
  const skills = paths.map((path) => ({
    agent: 'qoder',
    name: 'beta',
    path,
    integrity: 'sha512-planted',
    method: 'folder',
  }))
  await writeFile(
    join(project, '.skillship', 'installed.json'),
    `${JSON.stringify({ version: 1, skills })}\n`,
  )
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}

const commands = [
  ['install', ['install', '--json']],
  ['install --frozen', ['install', '--frozen', '--json']],
  ['remove', ['remove', 'alpha', '--json']],
] as const

describe('a planted installed.json', () => {
  it.each(commands)('%s deletes nothing outside the project and warns', async (_what, args) => {
    const project = await installedProject()
    const outside = await victim()
    const beside = join(work, `sibling-${serial}`, '.qoder', 'skills', 'beta')
    await mkdir(beside, { recursive: true })
    await writeFile(join(beside, 'SKILL.md'), 'not yours\n')
    await rm(join(project, '.skillship', 'install-stamp.json'), { force: true })
    await plantState(project, [outside, beside, join(project, 'src')])
    await mkdir(join(project, 'src'))
    await writeFile(join(project, 'src', 'main.ts'), 'code\n')
    const result = await cli(args, project, { env })
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
    expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('keep me\n')
    expect(await readFile(join(beside, 'SKILL.md'), 'utf8')).toBe('not yours\n')
    expect(await readFile(join(project, 'src', 'main.ts'), 'utf8')).toBe('code\n')
    const warnings = result.json<{ warnings: string[] }>().warnings
    expect(warnings.filter((w) => w.includes(outside))).toHaveLength(1)
    expect(await exists(join(project, '.qoder', 'skills', 'beta', 'SKILL.md'))).toBe(true)
  })
})

describe('a copied project (cp -a A B)', () => {
  it.each(commands)('%s in B touches only B', async (what, args) => {
    const a = await installedProject()
    const b = join(work, `copy-${serial}`)
    await run('cp', ['-a', a, b])
    await rm(join(b, '.skillship', 'install-stamp.json'), { force: true })
    const before = await readdir(join(a, '.qoder', 'skills'))
    const result = await cli(args, b, { env })
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
    expect(await readdir(join(a, '.qoder', 'skills'))).toEqual(before)
    expect(await exists(join(a, '.windsurf', 'skills', 'alpha'))).toBe(true)
    const removed = what === 'remove'
    expect(await exists(join(b, '.qoder', 'skills', 'alpha'))).toBe(!removed)
    expect(await exists(join(b, '.windsurf', 'skills', 'alpha'))).toBe(!removed)
    expect(await exists(join(b, '.agents', 'skills', 'alpha'))).toBe(!removed)
    expect(await exists(join(b, '.qoder', 'skills', 'beta'))).toBe(true)
    const state = JSON.parse(await readFile(join(b, '.skillship', 'installed.json'), 'utf8')) as {
      skills: { path: string }[]
    }
    expect(state.skills.every((record) => record.path.startsWith(`${b}/`))).toBe(true)
  })
})

describe('a lockfile naming another registry than skillship.json', () => {
  let other: RunningServer

  beforeAll(async () => {
    const registry = await startTestRegistry(join(work, 'other-server'))
    other = registry.server
    const { client } = registry
    await client.publish('alpha', await packTestSkill('alpha', '1.0.0', { 'evil.sh': 'echo\n' }))
  })

  afterAll(async () => {
    await other.close()
  })

  it('install --frozen refuses it before placing anything, naming both', async () => {
    serial += 1
    const theirs = join(work, `theirs-${serial}`)
    await mkdir(theirs)
    const otherEnv = { ...env, SKILLSHIP_REGISTRY: other.url }
    expect(
      (await cli(['add', 'alpha@^1', '--agent', 'qoder'], theirs, { env: otherEnv })).code,
    ).toBe(0)
    const project = join(work, `swapped-${serial}`)
    await mkdir(project)
    await writeFile(
      join(project, 'skillship.json'),
      JSON.stringify({ registry: server.url, agents: ['qoder'], skills: { alpha: '^1' } }),
    )
    await writeFile(join(project, 'skillship.lock'), await readFile(join(theirs, 'skillship.lock')))
    const result = await cli(['install', '--frozen', '--json'], project, { env })
    expect(result.code).toBe(5)
    const error = result.json<{ errors: { code: string; message: string }[] }>().errors[0]
    expect(error?.code).toBe('INSTALL_LOCK_SOURCE_MISMATCH')
    expect(error?.message).toContain(other.url)
    expect(error?.message).toContain(server.url)
    expect(await exists(join(project, '.qoder'))).toBe(false)
    expect(await exists(join(project, '.agents'))).toBe(false)
  })
})

// Every entry below `root` with its content or link text: equal snapshots mean nothing changed.
async function snapshot(root: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {}
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name)
    if (entry.isSymbolicLink()) found[path] = `-> ${await readlink(path)}`
    else if (entry.isFile()) found[path] = await readFile(path, 'utf8')
    else found[path] = 'folder'
  }
  return found
}

describe('install --frozen with a drift only the fetched skills reveal', () => {
  it('refuses before touching any agent folder', async () => {
    const project = await installedProject()
    await rm(join(project, '.skillship', 'install-stamp.json'), { force: true })
    const lockPath = join(project, 'skillship.lock')
    const lock = JSON.parse(await readFile(lockPath, 'utf8')) as {
      skills: Record<string, Record<string, unknown>>
    }
    // alpha has no scripts: an install drops this runtime, so skillship.lock would change.
    lock.skills['alpha'] = {
      ...lock.skills['alpha'],
      runtime: { node: { dependencies: {}, packages: [] } },
    }
    await writeFile(lockPath, JSON.stringify(lock))
    await rm(join(project, '.qoder', 'skills', 'alpha'), { recursive: true })
    const before = await snapshot(project)
    const result = await cli(['install', '--frozen', '--json'], project, { env })
    expect(result.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'INSTALL_LOCKFILE_OUT_OF_DATE',
    )
    expect(await snapshot(project)).toEqual(before)
  })
})
