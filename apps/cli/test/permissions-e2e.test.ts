import { spawnSync } from 'node:child_process'
import { chmod, chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validSkillMd } from './cli-harness.js'

// Permissions end to end with a second user: the built CLI runs as `nobody` (uid 65534) through
// setpriv, against folders owned by root or by nobody; and as root against nobody's home. Every
// refusal is coded, names the fix, and leaves the project as it was.
const bin = new URL('../bin/skillship.js', import.meta.url).pathname
const nobody = 65534
const canSwitchUser = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0

let root: string

interface Outcome {
  readonly status: number | null
  readonly json: { ok: boolean; errors: { code: string; hint?: string }[]; warnings?: string[] }
}

function install(
  project: string,
  home: string,
  options: { asNobody: boolean; args?: string[] },
): Outcome {
  const command = [process.execPath, bin, 'install', '--json', ...(options.args ?? [])]
  const [file, ...args] = options.asNobody
    ? ['setpriv', `--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups', ...command]
    : command
  const result = spawnSync(file ?? '', args, {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: home, SKILLSHIP_HOME: join(home, '.skillship') },
  })
  return { status: result.status, json: JSON.parse(result.stdout || '{}') }
}

/** A project (owned by `owner`) asking for one local skill in Qoder's folder. */
async function project(name: string, owner: number): Promise<string> {
  const dir = join(root, name)
  await mkdir(dir, { recursive: true })
  const skill = join(root, 'skills', 'perm-skill')
  await writeFile(
    join(dir, 'skillship.json'),
    JSON.stringify({ agents: ['qoder'], skills: { 'perm-skill': `file:${skill}` } }),
  )
  await chown(dir, owner, owner)
  await chown(join(dir, 'skillship.json'), owner, owner)
  return dir
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'skillship-perm-e2e-'))
  await chmod(root, 0o755)
  const skill = join(root, 'skills', 'perm-skill')
  await mkdir(skill, { recursive: true })
  await writeFile(join(skill, 'SKILL.md'), validSkillMd('perm-skill'))
  const home = join(root, 'nobody-home')
  await mkdir(home)
  await chown(home, nobody, nobody)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe.skipIf(!canSwitchUser)('install permissions with a second user', () => {
  it('refuses an agent folder owned by another user, naming owner, mode and fix', async () => {
    const dir = await project('foreign', nobody)
    await mkdir(join(dir, '.qoder', 'skills'), { recursive: true })
    await chown(join(dir, '.qoder'), nobody, nobody)
    const outcome = install(dir, join(root, 'nobody-home'), { asNobody: true })
    expect(outcome.status).toBe(1)
    expect(outcome.json.errors[0]?.code).toBe('INSTALL_FOREIGN_OWNER')
    expect(outcome.json.errors[0]?.hint).toMatch(/chown/)
    expect(await readdir(join(dir, '.qoder', 'skills'))).toEqual([])
    expect((await readdir(dir)).includes('skillship.lock')).toBe(false)
  })

  it('refuses an agent folder the user cannot write', async () => {
    const dir = await project('read-only', nobody)
    await mkdir(join(dir, '.qoder', 'skills'), { recursive: true })
    await chown(join(dir, '.qoder'), nobody, nobody)
    await chown(join(dir, '.qoder', 'skills'), nobody, nobody)
    await chmod(join(dir, '.qoder', 'skills'), 0o555)
    const outcome = install(dir, join(root, 'nobody-home'), { asNobody: true })
    expect(outcome.status).toBe(1)
    expect(outcome.json.errors[0]?.code).toBe('INSTALL_NOT_WRITABLE')
    expect(outcome.json.errors[0]?.hint).toMatch(/chmod/)
    expect((await readdir(dir)).includes('skillship.lock')).toBe(false)
  })

  it('installs as the folder owner', async () => {
    const dir = await project('own', nobody)
    const outcome = install(dir, join(root, 'nobody-home'), { asNobody: true })
    expect(outcome.json.errors).toEqual([])
    expect(outcome.status).toBe(0)
    expect(await readdir(join(dir, '.qoder', 'skills'))).toEqual(['perm-skill'])
  })

  it('as root, refuses to write into another user home unless --allow-root', async () => {
    const home = join(root, 'nobody-home')
    const dir = join(home, 'work')
    await mkdir(dir)
    await chown(dir, nobody, nobody)
    await writeFile(
      join(dir, 'skillship.json'),
      JSON.stringify({
        agents: ['qoder'],
        skills: { 'perm-skill': `file:${join(root, 'skills', 'perm-skill')}` },
      }),
    )
    const refused = install(dir, home, { asNobody: false })
    expect(refused.status).toBe(1)
    expect(refused.json.errors[0]?.code).toBe('INSTALL_ROOT_REFUSED')
    // The project lock's folder may stay; no skill folder, no lockfile.
    expect((await readdir(dir)).filter((name) => name !== '.skillship')).toEqual(['skillship.json'])
    const allowed = install(dir, home, { asNobody: false, args: ['--allow-root'] })
    expect(allowed.status).toBe(0)
    expect(allowed.json.warnings?.length).toBeGreaterThan(0)
  })
})
