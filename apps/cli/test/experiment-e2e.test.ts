import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient, type ExperimentDocument } from '@skillship/registry-client'
import {
  createTokenOffline,
  parseServerConfig,
  type RunningServer,
  startServer,
} from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../server/test/registry-harness.js'
import { cli } from './cli-harness.js'

// `skillship experiment` and `install --experiment-user` against a real registry on a real port.
let server: RunningServer
let work: string
let token: string
let env: Record<string, string>

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-experiment-e2e-'))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: join(work, 'server'), port: '0' },
  })
  server = await startServer(config)
  token = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
  const client = createRegistryClient({ registry: server.url, token })
  await client.publish('ab-skill', await packTestSkill('ab-skill', '1.0.0', { 'notes.md': 'A' }))
  await client.publish('ab-skill', await packTestSkill('ab-skill', '2.0.0', { 'notes.md': 'B' }))
  env = {
    SKILLSHIP_HOME: join(work, 'home'),
    SKILLSHIP_REGISTRY: server.url,
    SKILLSHIP_STORE: join(work, 'store'),
    SKILLSHIP_TOKEN: token,
  }
})

afterAll(async () => {
  await server.close()
  await rm(work, { recursive: true, force: true })
})

type Json = { ok: boolean; experiment: ExperimentDocument; errors: { code: string }[] }

async function experiment(args: string[]): Promise<Json> {
  const run = await cli(['experiment', ...args, '--json'], work, { env })
  expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' })
  return run.json<Json>()
}

// The server refuses a weight of 0; a control weight of 1e-9 sends every user but the rare hash 0
// to b (the seed is fixed, so u1's bucket is too).
const allToB = ['--variant', 'control=1.0.0:0.000000001', '--variant', 'b=2.0.0', '--coverage', '1']

describe('skillship experiment against a real registry', () => {
  let project: string
  const notes = () => readFile(join(project, '.qoder/skills/ab-skill/notes.md'), 'utf8')
  const lock = () => readFile(join(project, 'skillship.lock'), 'utf8')

  it('creates, lists and starts an experiment', async () => {
    const created = await experiment([
      'create',
      'ab-1',
      '--skill',
      'ab-skill',
      ...allToB,
      '--metric',
      'success',
      '--guardrail',
      'load_time_ms:lower',
      '--seed',
      'fixed-seed',
    ])
    expect(created.experiment).toMatchObject({ key: 'ab-1', status: 'draft', seed: 'fixed-seed' })
    const listed = (
      await cli(['experiment', 'list', '--skill', 'ab-skill', '--json'], work, { env })
    ).json<{ experiments: ExperimentDocument[] }>()
    expect(listed.experiments.map((e) => e.key)).toEqual(['ab-1'])
    expect((await experiment(['start', 'ab-1'])).experiment.status).toBe('running')
  })

  it('install --experiment-user places the variant while skillship.lock pins the control', async () => {
    project = join(work, 'project')
    await mkdir(project, { recursive: true })
    const add = await cli(['add', 'ab-skill@^1', '--agent', 'qoder', '--json'], project, { env })
    expect({ code: add.code, stderr: add.stderr }).toEqual({ code: 0, stderr: '' })
    // `add` ran before this user took part: the control is placed and locked.
    expect(await notes()).toBe('A')
    const locked = await lock()
    expect(JSON.parse(locked).skills['ab-skill'].version).toBe('1.0.0')

    const run = await cli(['install', '--experiment-user', 'u1', '--json'], project, { env })
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
    const result = run.json<{
      experiments: unknown[]
      skills: { version: string }[]
      lockfileChanged: boolean
    }>()
    expect(result.experiments).toEqual([
      { skill: 'ab-skill', experiment: 'ab-1', variant: 'b', version: '2.0.0' },
    ])
    expect(result.skills.map((s) => s.version)).toEqual(['1.0.0'])
    expect(result.lockfileChanged).toBe(false)
    expect(await notes()).toBe('B')
    expect(await lock()).toBe(locked)

    const frozen = await cli(['install', '--frozen', '--experiment-user', 'u1'], project, { env })
    expect({ code: frozen.code, stderr: frozen.stderr }).toEqual({ code: 0, stderr: '' })
    expect(frozen.stdout).toContain(
      '~ ab-skill@2.0.0  experiment ab-1, variant b (skillship.lock keeps 1.0.0)',
    )
    const sync = await cli(['sync', '--experiment-user', 'u1', '--json'], project, { env })
    expect(sync.json<{ experiments: unknown[] }>().experiments).toHaveLength(1)
    expect(await notes()).toBe('B')
    expect(await lock()).toBe(locked)

    // Without the flag the lock's control comes back, --frozen included.
    const plain = await cli(['install', '--frozen', '--json'], project, { env })
    expect(plain.code).toBe(0)
    expect(await notes()).toBe('A')
  })

  it('show prints the report of the running experiment', async () => {
    const client = createRegistryClient({ registry: server.url, token })
    for (const user of ['u1', 'u2', 'u3']) await client.getAssignment('ab-skill', user)
    await client.sendEvents(
      ['u1', 'u2', 'u3'].map((user, index) => ({
        id: `e-${user}`,
        experiment: 'ab-1',
        skill: 'ab-skill',
        version: '2.0.0',
        user,
        metric: 'success',
        value: index % 2,
      })),
    )
    const text = await cli(['experiment', 'show', 'ab-1'], work, { env })
    expect({ code: text.code, stderr: text.stderr }).toEqual({ code: 0, stderr: '' })
    expect(text.stdout).toContain('arms:')
    expect(text.stdout).toMatch(/b {2}2\.0\.0 {2}\d+ users/)
    expect(text.stdout).toContain('SRM p-value:')
    expect(text.stdout).toContain('guardrails:')
    const json = (await cli(['experiment', 'show', 'ab-1', '--json'], work, { env })).json<{
      arms: { variant: string }[]
      experiment: ExperimentDocument
    }>()
    expect(json.arms.map((arm) => arm.variant)).toEqual(['control', 'b'])
    expect(json.experiment.key).toBe('ab-1')
  })

  it('stop ends it: the next experiment install keeps the control', async () => {
    expect((await experiment(['stop', 'ab-1'])).experiment.status).toBe('stopped')
    const run = await cli(['install', '--experiment-user', 'u1', '--json'], project, { env })
    expect(run.json<{ experiments?: unknown[] }>().experiments).toBeUndefined()
    expect(await notes()).toBe('A')
  })

  it('rollback and promote end experiments; promote moves latest to the variant', async () => {
    await experiment(['create', 'ab-2', '--skill', 'ab-skill', ...allToB, '--metric', 'success'])
    await experiment(['start', 'ab-2'])
    expect((await experiment(['rollback', 'ab-2'])).experiment.status).toBe('rolled-back')
    const client = createRegistryClient({ registry: server.url, token })
    await client.setDistTag('ab-skill', 'latest', '1.0.0')
    await experiment(['create', 'ab-3', '--skill', 'ab-skill', ...allToB, '--metric', 'success'])
    await experiment(['start', 'ab-3'])
    const promoted = await experiment(['promote', 'ab-3', '--variant', 'b'])
    expect(promoted.experiment.status).toBe('promoted')
    expect((await client.getDistTags('ab-skill')).distTags['latest']).toBe('2.0.0')
  })

  it('reports registry refusals with their codes', async () => {
    const missing = await cli(['experiment', 'show', 'nope', '--json'], work, { env })
    expect(missing.code).toBe(4)
    expect(missing.json<Json>().errors[0]?.code).toBe('EXPERIMENT_NOT_FOUND')
    const again = await cli(['experiment', 'start', 'ab-3', '--json'], work, { env })
    expect(again.json<Json>().errors[0]?.code).toBe('EXPERIMENT_CONFLICT')
  })
})
