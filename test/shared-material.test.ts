import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { requiredByCi, sharedRoot } from './shared-material.js'

const repo = fileURLToPath(new URL('../', import.meta.url))
const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs')
const suites = ['test/corpus.test.ts', 'packages/experiments/src/growthbook-cases.test.ts']
const empty = mkdtempSync(join(tmpdir(), 'skillship-no-shared-'))
afterAll(() => rmSync(empty, { recursive: true, force: true }))

/** The two suites that read shared material, run with an empty shared folder. */
function runWithoutShared(ci: string | undefined) {
  const env: Record<string, string | undefined> = { ...process.env, SKILLSHIP_SHARED_DIR: empty }
  delete env['CI']
  delete env['VITEST']
  delete env['VITEST_WORKER_ID']
  if (ci !== undefined) env['CI'] = ci
  const run = spawnSync(process.execPath, [vitest, 'run', ...suites], {
    cwd: repo,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

describe('suites that read ../shared', () => {
  it('skip with one line each, naming what is missing and how to get it, outside CI', () => {
    const run = runWithoutShared(undefined)
    expect(run.status).toBe(0)
    const notices = run.output.split('\n').filter((line) => line.includes('[skillship] skipping'))
    expect(notices).toHaveLength(2)
    expect(notices.join('\n')).toContain(join(empty, 'corpus/anthropics-skills'))
    expect(notices.join('\n')).toContain('github.com/growthbook/growthbook')
  }, 120_000)

  it('fail under CI', () => {
    const run = runWithoutShared('true')
    expect(run.status).toBe(1)
    expect(run.output).toContain('required when CI is set')
  }, 120_000)
})

describe('requiredByCi', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', true],
    ['github', true],
  ])('CI=%j -> %j', (ci, expected) => {
    expect(requiredByCi(ci === undefined ? {} : { CI: ci })).toBe(expected)
  })
})

describe('sharedRoot', () => {
  it('is ../shared beside the repository unless SKILLSHIP_SHARED_DIR says otherwise', () => {
    expect(sharedRoot({})).toBe(join(repo, '..', 'shared'))
    expect(sharedRoot({ SKILLSHIP_SHARED_DIR: '/elsewhere' })).toBe('/elsewhere')
    expect(sharedRoot({ SKILLSHIP_SHARED_DIR: 'material' })).toBe(join(repo, 'material'))
  })
})
