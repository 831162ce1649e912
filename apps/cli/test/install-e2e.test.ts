import {
  chmod,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningServer } from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../server/test/registry-harness.js'
import { cli, startTestRegistry } from './cli-harness.js'

// The installer end to end: a real registry on a real port, the CLI in process, real folders.
let server: RunningServer
let work: string
let env: Record<string, string>
const count = 50
const names = Array.from({ length: count }, (_, i) => `skill-${String(i).padStart(2, '0')}`)

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-install-e2e-'))
  const registry = await startTestRegistry(join(work, 'server'))
  server = registry.server
  const { client } = registry
  for (const name of names)
    await client.publish(
      name,
      await packTestSkill(name, '1.0.0', { 'scripts/run.py': `print("${name}")\n` }),
    )
  await client.publish('skill-00', await packTestSkill('skill-00', '1.1.0'))
  await client.publish('skill-00', await packTestSkill('skill-00', '2.0.0'))
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

async function project(name: string): Promise<string> {
  const dir = join(work, name)
  await mkdir(dir, { recursive: true })
  return dir
}

describe('skillship add / install / update / remove against a real registry', () => {
  let repo: string

  it('adds 50 skills for Qoder and Claude Code and reports every agent folder verified', async () => {
    repo = await project('repo')
    const run = await cli(
      [
        'add',
        ...names.map((n) => `${n}@^1`),
        '--agent',
        'qoder,claude-code,cursor,windsurf',
        '--json',
      ],
      repo,
      { env },
    )
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
    const result = run.json<{
      skills: { name: string; version: string }[]
      agents: { agent: string; verified: boolean; path: string }[]
    }>()
    expect(result.skills).toHaveLength(count)
    expect(result.skills.find((s) => s.name === 'skill-00')?.version).toBe('1.1.0')
    expect(result.agents.every((a) => a.verified)).toBe(true)
    expect(await readdir(join(repo, '.qoder/skills'))).toHaveLength(count)
    expect((await lstat(join(repo, '.qoder/skills/skill-05'))).isDirectory()).toBe(true)
    expect((await lstat(join(repo, '.claude/skills/skill-05'))).isDirectory()).toBe(true)
    // Windsurf reads only its own folder: a link there. Cursor reads .agents/skills itself and is
    // served by the real folder there, so it sees each skill once.
    expect(await readlink(join(repo, '.windsurf/skills/skill-05'))).toMatch(
      /\.agents\/skills\/skill-05$/,
    )
    await expect(lstat(join(repo, '.cursor/skills'))).rejects.toMatchObject({ code: 'ENOENT' })
    const reported = (agent: string) =>
      result.agents.filter((a) => a.agent === agent && a.path.endsWith('/skill-05'))
    expect(reported('cursor').map((a) => a.path)).toEqual([join(repo, '.agents/skills/skill-05')])
    expect(reported('windsurf').map((a) => a.path)).toEqual([
      join(repo, '.windsurf/skills/skill-05'),
    ])
    expect(result.agents.filter((a) => a.agent === 'cursor')).toHaveLength(count)
    expect(await readFile(join(repo, '.agents/skills/skill-05/scripts/run.py'), 'utf8')).toBe(
      'print("skill-05")\n',
    )
  })

  it('installs globally into the Qoder user folder, honouring QODER_CONFIG_DIR', async () => {
    const home = join(work, 'user-home')
    const run = await cli(['add', 'skill-02@^1', '--global', '--agent', 'qoder', '--json'], repo, {
      env,
      home,
    })
    expect(run.code).toBe(0)
    expect(await readFile(join(home, '.qoder/skills/skill-02/SKILL.md'), 'utf8')).toContain(
      'name: skill-02',
    )
    const custom = join(work, 'qoder-config')
    const moved = await cli(['add', 'skill-03@^1', '--global', '--json'], repo, {
      env: { ...env, QODER_CONFIG_DIR: custom },
      home,
    })
    expect(moved.code).toBe(0)
    expect(await readFile(join(custom, 'skills/skill-03/SKILL.md'), 'utf8')).toContain(
      'name: skill-03',
    )
  })

  it('installs --frozen in a fresh checkout from the lockfile, and a second run changes nothing', async () => {
    const fresh = await project('fresh')
    await cp(join(repo, 'skillship.json'), join(fresh, 'skillship.json'))
    await cp(join(repo, 'skillship.lock'), join(fresh, 'skillship.lock'))
    const first = await cli(['install', '--frozen', '--json'], fresh, { env })
    expect(first.code).toBe(0)
    expect(await readdir(join(fresh, '.qoder/skills'))).toHaveLength(count)
    const again = await cli(['install', '--frozen', '--json'], fresh, { env })
    expect(again.json<{ changed: number; lockfileChanged: boolean }>()).toMatchObject({
      changed: 0,
      lockfileChanged: false,
    })
  })

  it('answers a frozen no-op from the install stamp, and keeps an edited skill file unless --force', async () => {
    const stamped = await cli(['install', '--frozen', '--json'], repo, { env })
    expect(stamped.json<{ changed: number; agents: { verified: boolean }[] }>()).toMatchObject({
      changed: 0,
    })
    expect(
      stamped.json<{ agents: { verified: boolean }[] }>().agents.every((a) => a.verified),
    ).toBe(true)
    const file = join(repo, '.qoder/skills/skill-05/SKILL.md')
    const original = await readFile(file, 'utf8')
    await writeFile(file, 'edited by hand\n')
    const refused = await cli(['install', '--frozen', '--json'], repo, { env })
    expect(refused.code).toBe(1)
    expect(refused.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'INSTALL_LOCAL_CHANGES',
    )
    expect(await readFile(file, 'utf8')).toBe('edited by hand\n')
    const repaired = await cli(['install', '--frozen', '--force', '--json'], repo, { env })
    expect(repaired.code).toBe(0)
    expect(repaired.json<{ changed: number }>().changed).toBeGreaterThan(0)
    expect(await readFile(file, 'utf8')).toBe(original)
  })

  it('refuses --frozen when skillship.json drifted from the lockfile, changing nothing', async () => {
    const drift = await project('drift')
    await cp(join(repo, 'skillship.lock'), join(drift, 'skillship.lock'))
    const manifest = JSON.parse(await readFile(join(repo, 'skillship.json'), 'utf8')) as {
      skills: Record<string, string>
    }
    manifest.skills['skill-01'] = '^2'
    await writeFile(join(drift, 'skillship.json'), JSON.stringify(manifest))
    const run = await cli(['install', '--frozen', '--json'], drift, { env })
    expect(run.code).toBe(1)
    expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'INSTALL_LOCKFILE_OUT_OF_DATE',
    )
    expect(await readFile(join(drift, 'skillship.lock'), 'utf8')).toBe(
      await readFile(join(repo, 'skillship.lock'), 'utf8'),
    )
  })

  it('detects a tampered store file, refetches it, and never installs the tampered bytes', async () => {
    const lock = JSON.parse(await readFile(join(repo, 'skillship.lock'), 'utf8')) as {
      skills: Record<string, { integrity: string }>
    }
    const hex = Buffer.from((lock.skills['skill-07']?.integrity ?? '').slice(7), 'base64').toString(
      'hex',
    )
    const stored = join(work, 'store', 'v1', hex.slice(0, 2), hex.slice(2), 'skill', 'SKILL.md')
    await chmod(stored, 0o644)
    await writeFile(stored, '---\nname: skill-07\ndescription: "tampered"\n---\nEVIL\n')
    const clean = await project('after-tamper')
    await cp(join(repo, 'skillship.json'), join(clean, 'skillship.json'))
    await cp(join(repo, 'skillship.lock'), join(clean, 'skillship.lock'))
    expect((await cli(['install', '--frozen'], clean, { env })).code).toBe(0)
    expect(await readFile(join(clean, '.qoder/skills/skill-07/SKILL.md'), 'utf8')).not.toContain(
      'EVIL',
    )
    // repo's folders hold their own copies: the store's tampering never reached them.
    expect(await readFile(join(repo, '.qoder/skills/skill-07/SKILL.md'), 'utf8')).not.toContain(
      'EVIL',
    )
    expect((await cli(['install'], repo, { env })).code).toBe(0)
  })

  it('updates within a range and removes only what skillship installed', async () => {
    const manifest = JSON.parse(await readFile(join(repo, 'skillship.json'), 'utf8')) as {
      skills: Record<string, string>
    }
    expect(manifest.skills['skill-00']).toBe('^1')
    const latest = await cli(['update', 'skill-00', '--latest', '--json'], repo, { env })
    expect(
      latest
        .json<{ skills: { name: string; version: string }[] }>()
        .skills.find((s) => s.name === 'skill-00')?.version,
    ).toBe('2.0.0')
    await mkdir(join(repo, '.qoder/skills/my-own-skill'), { recursive: true })
    const removed = await cli(['remove', 'skill-01', '--json'], repo, { env })
    expect(removed.code).toBe(0)
    await expect(lstat(join(repo, '.qoder/skills/skill-01'))).rejects.toMatchObject({
      code: 'ENOENT',
    })
    expect((await lstat(join(repo, '.qoder/skills/my-own-skill'))).isDirectory()).toBe(true)
    const sync = await cli(['sync', '--dry-run', '--json'], repo, { env })
    expect(sync.json<{ changed: number }>().changed).toBe(0)
  })

  it('stops with exit 5 on a tampered tarball and leaves the project exactly as it was', async () => {
    const evil = await project('evil')
    const tarball = await packTestSkill('skill-03', '1.0.0')
    const { computeIntegrity } = await import('@skillship/core/node')
    await writeFile(
      join(evil, 'skillship.json'),
      JSON.stringify({ agents: ['qoder'], skills: { 'skill-03': '^1' } }),
    )
    const lockfile = {
      lockfileVersion: 3,
      skills: {
        'skill-03': {
          spec: '^1',
          version: '1.0.0',
          source: { type: 'registry', registry: server.url, name: 'skill-03', version: '1.0.0' },
          integrity: computeIntegrity(new Uint8Array([...tarball, 0])),
          files: [],
        },
      },
    }
    await writeFile(join(evil, 'skillship.lock'), JSON.stringify(lockfile))
    const before = await readFile(join(evil, 'skillship.lock'), 'utf8')
    const run = await cli(['install', '--frozen', '--json'], evil, {
      env: { ...env, SKILLSHIP_STORE: join(work, 'other-store') },
    })
    expect(run.code).toBe(5)
    expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'INSTALL_INTEGRITY_MISMATCH',
    )
    expect(await readFile(join(evil, 'skillship.lock'), 'utf8')).toBe(before)
    await expect(lstat(join(evil, '.qoder'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
