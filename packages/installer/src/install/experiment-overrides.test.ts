import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type AssignmentResponse,
  createRegistryClient,
  type RegistryClient,
} from '@skillship/registry-client'
import {
  createTokenOffline,
  parseServerConfig,
  type RunningServer,
  startServer,
} from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installerTestOptions } from '../../test/install/installer-test-options.js'
import { packTestSkill } from '../../test/sources/pack-test-skill.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import type { InstallerOptions } from '../project/project.js'
import { runInstall } from './run-install.js'

// A real registry serves the versions; the assignment answer is scripted per test, so the
// installer's part is checked on its own (the CLI e2e runs it against the server's own route).
let server: RunningServer
let work: string
let token: string
const asked: { skill: string; user: string }[] = []
let assign: (skill: string, user: string) => AssignmentResponse = (skill) => ({
  skill,
  experiment: null,
  variant: null,
  version: '1.0.0',
})

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-experiment-install-'))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: join(work, 'server'), port: '0' },
  })
  server = await startServer(config)
  token = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
  const client = createRegistryClient({ registry: server.url, token })
  for (const [version, body] of [
    ['1.0.0', 'control body'],
    ['2.0.0', 'variant body'],
  ] as const) {
    const root = await writeTestSkill(join(work, `src-${version}`), 'ab-skill', {
      files: { 'notes.md': body },
    })
    await client.publish('ab-skill', await packTestSkill(root), { version })
  }
})

afterAll(async () => {
  await server.close()
  await rm(work, { recursive: true, force: true })
})

function options(projectRoot: string): InstallerOptions {
  return installerTestOptions(work, {
    projectRoot,
    registry: server.url,
    clientFor: (url): RegistryClient => ({
      ...createRegistryClient({ registry: url, token }),
      getAssignment: async (skill, user) => {
        asked.push({ skill, user })
        return assign(skill, user)
      },
    }),
  })
}

async function project(name: string): Promise<string> {
  const root = join(work, name)
  await mkdir(root, { recursive: true })
  await writeFile(
    join(root, 'skillship.json'),
    JSON.stringify({ agents: ['qoder'], skills: { 'ab-skill': '^1.0.0' } }),
  )
  return root
}

const placedNotes = (root: string) =>
  readFile(join(root, '.qoder/skills/ab-skill/notes.md'), 'utf8')

describe('runInstall with experimentUser', () => {
  it('places the assigned variant, reports it, and keeps the control in skillship.lock', async () => {
    const root = await project('variant')
    const plain = await runInstall(options(root))
    expect(plain.experiments).toBeUndefined()
    expect(await placedNotes(root)).toBe('control body')
    const lockBefore = await readFile(join(root, 'skillship.lock'), 'utf8')

    assign = (skill) => ({ skill, experiment: 'ab-1', variant: 'b', version: '2.0.0' })
    asked.length = 0
    const result = await runInstall(options(root), { frozen: true, experimentUser: 'u1' })
    expect(asked).toEqual([{ skill: 'ab-skill', user: 'u1' }])
    expect(result.experiments).toEqual([
      { skill: 'ab-skill', experiment: 'ab-1', variant: 'b', version: '2.0.0' },
    ])
    expect(result.skills.map((skill) => skill.version)).toEqual(['1.0.0'])
    expect(result.lockfileChanged).toBe(false)
    expect(await placedNotes(root)).toBe('variant body')
    expect(await readFile(join(root, 'skillship.lock'), 'utf8')).toBe(lockBefore)

    // Without the flag the lock's control comes back.
    const back = await runInstall(options(root), { frozen: true })
    expect(back.experiments).toBeUndefined()
    expect(await placedNotes(root)).toBe('control body')
  })

  it('keeps the locked version when the user gets control or there is no experiment', async () => {
    const root = await project('control')
    assign = (skill) => ({ skill, experiment: 'ab-1', variant: 'control', version: '1.0.0' })
    const result = await runInstall(options(root), { experimentUser: 'u2' })
    expect(result.experiments).toBeUndefined()
    expect(await placedNotes(root)).toBe('control body')
    assign = (skill) => ({ skill, experiment: null, variant: null, version: '1.0.0' })
    await runInstall(options(root), { lockOnly: true, experimentUser: 'u2' })
    expect(await placedNotes(root)).toBe('control body')
  })

  it('refuses an assigned version that is not exact semver, changing nothing', async () => {
    const root = await project('bad-version')
    await runInstall(options(root))
    assign = (skill) => ({ skill, experiment: 'ab-1', variant: 'b', version: '^2' })
    await expect(runInstall(options(root), { experimentUser: 'u3' })).rejects.toMatchObject({
      code: 'REGISTRY_PROTOCOL',
    })
    expect(await placedNotes(root)).toBe('control body')
  })
})
