import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { isSkillshipError, type SkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import type { NodeNeeds } from '../discover/skill-runtime-needs.js'
import { checkNodeEnv } from './check-node-env.js'
import { ensureNodeEnv } from './ensure-node-env.js'
import type { EnsureNodeEnvOptions } from './node-env.js'
import { nodeEnvMarkerName } from './node-env-marker.js'
import { nodeRunEnvironment } from './node-run-environment.js'

// These tests run the real npm against the configured registry (npmjs.org by default).
const npmTimeout = 120_000

let root: string
let envsRoot: string
let skillDir: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'skillship-node-env-'))
  envsRoot = join(root, 'envs')
  skillDir = join(root, 'skill')
  await mkdir(skillDir)
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function writeSkillFiles(files: Readonly<Record<string, string>>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(skillDir, path)), { recursive: true })
    await writeFile(join(skillDir, path), content)
  }
}

function needsOf(dependencies: Record<string, string>, extra: Partial<NodeNeeds> = {}): NodeNeeds {
  return {
    packageJson: 'package.json',
    dependencies,
    engines: undefined,
    lockfile: undefined,
    ...extra,
  }
}

function options(
  needs: NodeNeeds,
  extra: Partial<EnsureNodeEnvOptions> = {},
): EnsureNodeEnvOptions {
  return { envsRoot, skillDir, needs, allowScripts: false, env: process.env, ...extra }
}

async function failure(promise: Promise<unknown>): Promise<SkillshipError> {
  try {
    await promise
  } catch (error) {
    if (isSkillshipError(error)) return error
    throw error
  }
  throw new Error('expected a SkillshipError')
}

// A clean base environment: only PATH, so the test's own NODE_OPTIONS or NODE_PATH cannot help.
const cleanBase = (): NodeJS.ProcessEnv => ({ PATH: process.env['PATH'] ?? '' })

function runNode(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, args, { cwd: skillDir, env, encoding: 'utf8' })
}

describe('ensureNodeEnv with the real npm', () => {
  it(
    'builds an environment, runs require and import from the skill folder, then reuses it',
    async () => {
      await writeSkillFiles({
        'package.json': JSON.stringify({ dependencies: { 'is-number': '7.0.0' } }),
        'scripts/check.cjs': "console.log(require('is-number')(42))\n",
        'scripts/check.mjs': "import isNumber from 'is-number'\nconsole.log(isNumber('x'))\n",
      })
      const needs = needsOf({ 'is-number': '7.0.0' })
      const lines: string[] = []
      const env = await ensureNodeEnv(options(needs, { onProgress: (line) => lines.push(line) }))

      expect(env.reused).toBe(false)
      expect(env.key).toMatch(/^[0-9a-f]{32}$/)
      expect(env.path).toBe(join(envsRoot, env.key))
      expect(env.nodeModules).toBe(join(env.path, 'node_modules'))
      expect(env.packages).toEqual([
        { name: 'is-number', version: '7.0.0', integrity: expect.stringMatching(/^sha512-/) },
      ])
      expect(lines.some((line) => line.includes('npm install --ignore-scripts'))).toBe(true)
      expect(await readdir(envsRoot)).toEqual([env.key])
      const manifest = JSON.parse(await readFile(join(env.path, 'package.json'), 'utf8'))
      expect(manifest).toEqual({
        name: `skillship-env-${env.key}`,
        private: true,
        dependencies: { 'is-number': '7.0.0' },
      })
      // Nothing was written into the skill.
      expect((await readdir(skillDir)).sort()).toEqual(['package.json', 'scripts'])

      const runEnv = nodeRunEnvironment(env, cleanBase())
      const inline = runNode(
        ['-e', "process.stdout.write(String(require('is-number')(1)))"],
        runEnv,
      )
      expect(inline.stderr).toBe('')
      expect(inline.stdout).toBe('true')
      const cjs = runNode(['scripts/check.cjs'], runEnv)
      expect(cjs.stdout.trim()).toBe('true')
      const esm = runNode(['scripts/check.mjs'], runEnv)
      expect(esm.stderr).toBe('')
      expect(esm.stdout.trim()).toBe('false')
      // NODE_PATH alone does not reach ESM imports: that is what the --import hook is for.
      const esmWithoutHook = runNode(['scripts/check.mjs'], {
        ...cleanBase(),
        NODE_PATH: env.nodeModules,
      })
      expect(esmWithoutHook.stderr).toContain('ERR_MODULE_NOT_FOUND')

      // Reuse runs no npm: it only checks the marker (its cost is measured in bench/runtimes.ts).
      const linesBefore = lines.length
      const again = await ensureNodeEnv(options(needs, { onProgress: (line) => lines.push(line) }))
      expect(again).toEqual({ ...env, reused: true })
      expect(lines.slice(linesBefore).filter((line) => line.includes('npm'))).toEqual([])
    },
    npmTimeout,
  )

  it(
    'uses npm ci with the skill’s lockfile, and fails when the lockfile does not match',
    async () => {
      await writeSkillFiles({
        'scripts/package.json': JSON.stringify({
          name: 'skill-scripts',
          dependencies: { 'is-number': '^7.0.0' },
          devDependencies: { 'is-odd': '3.0.1' },
        }),
      })
      const locked = spawnSync(
        'npm',
        ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
        { cwd: join(skillDir, 'scripts'), encoding: 'utf8' },
      )
      expect(locked.status, locked.stderr).toBe(0)
      const lockfile = 'scripts/package-lock.json'
      const lines: string[] = []
      const needs = needsOf(
        { 'is-number': '^7.0.0' },
        { packageJson: 'scripts/package.json', lockfile },
      )
      const env = await ensureNodeEnv(options(needs, { onProgress: (line) => lines.push(line) }))
      expect(lines.some((line) => line.includes('npm ci --ignore-scripts'))).toBe(true)
      expect(env.packages.map(({ name }) => name)).toEqual(['is-number'])
      expect(await readdir(env.path)).toContain('package-lock.json')

      const stale = needsOf(
        { 'is-number': '^6.0.0' },
        { packageJson: 'scripts/package.json', lockfile },
      )
      const error = await failure(ensureNodeEnv(options(stale)))
      expect(error.code).toBe(RuntimeErrorCode.EnvBuildFailed)
      expect(error.message).toContain('npm ci failed')
      expect(await readdir(envsRoot)).toEqual([env.key])
    },
    npmTimeout,
  )

  it(
    'refuses a package that does not exist, leaving nothing behind',
    async () => {
      const needs = needsOf({ 'skillship-definitely-not-a-package-xyz': '1.0.0' })
      const error = await failure(ensureNodeEnv(options(needs)))
      expect(error.code).toBe(RuntimeErrorCode.EnvBuildFailed)
      expect(error.message).toContain('npm install failed')
      expect(error.message).toMatch(/404|E404|not found/i)
      expect(error.hint).toContain('npm config')
      expect(await readdir(envsRoot)).toEqual([])
    },
    npmTimeout,
  )

  it(
    'keys on allowScripts and drops --ignore-scripts only when scripts are allowed',
    async () => {
      const needs = needsOf({ 'is-number': '7.0.0' })
      const lines: string[] = []
      const withScripts = await ensureNodeEnv(
        options(needs, { allowScripts: true, onProgress: (line) => lines.push(line) }),
      )
      const withoutScripts = await ensureNodeEnv(options(needs))
      expect(withScripts.key).not.toBe(withoutScripts.key)
      const command = lines.find((line) => line.includes('npm install'))
      expect(command).toBeDefined()
      expect(command).not.toContain('--ignore-scripts')
      expect(command).toContain('--no-audit --no-fund --no-update-notifier')
    },
    npmTimeout,
  )

  it(
    'lets concurrent builds of one environment race: one wins, no staging folder remains',
    async () => {
      const needs = needsOf({ 'is-number': '7.0.0' })
      const envs = await Promise.all([ensureNodeEnv(options(needs)), ensureNodeEnv(options(needs))])
      expect(envs[0]?.path).toBe(envs[1]?.path)
      // Both built; the loser found the winner's environment in place and took it.
      expect(envs.map(({ reused }) => reused).sort()).toEqual([false, true])
      expect(await readdir(envsRoot)).toEqual([envs[0]?.key])
      await expect(checkNodeEnv(envs[0]?.path ?? '')).resolves.toMatchObject({ reused: true })
    },
    npmTimeout,
  )

  it(
    'detects a damaged environment, and ensureNodeEnv builds it again',
    async () => {
      const needs = needsOf({ 'is-number': '7.0.0' })
      const env = await ensureNodeEnv(options(needs))
      await rm(join(env.nodeModules, 'is-number'), { recursive: true })
      const damaged = await failure(checkNodeEnv(env.path))
      expect(damaged.code).toBe(RuntimeErrorCode.EnvCorrupt)
      expect(damaged.message).toContain('is-number')

      const lines: string[] = []
      const rebuilt = await ensureNodeEnv(
        options(needs, { onProgress: (line) => lines.push(line) }),
      )
      expect(rebuilt.reused).toBe(false)
      expect(lines[0]).toContain('damaged')
      expect(await readdir(envsRoot)).toEqual([env.key])
      await expect(checkNodeEnv(env.path)).resolves.toMatchObject({ key: env.key })
    },
    npmTimeout,
  )
})

describe('ensureNodeEnv without npm', () => {
  it('refuses an engines.node this Node does not satisfy, before creating anything', async () => {
    const error = await failure(
      ensureNodeEnv(options(needsOf({ 'is-number': '7.0.0' }, { engines: '>=99' }))),
    )
    expect(error.code).toBe(RuntimeErrorCode.NodeUnsupported)
    expect(error.message).toContain('>=99')
    expect(error.message).toContain(process.versions.node)
    expect(error.hint).toContain('nvm')
    await expect(readdir(envsRoot)).rejects.toThrow()
  })

  it('refuses an engines.node that is not a range', async () => {
    const error = await failure(ensureNodeEnv(options(needsOf({}, { engines: 'latest please' }))))
    expect(error.code).toBe(RuntimeErrorCode.DeclarationInvalid)
  })

  it('builds an environment without dependencies without running npm', async () => {
    const env = await ensureNodeEnv(options(needsOf({}), { env: { PATH: '' } }))
    expect(env).toMatchObject({ reused: false, packages: [] })
    await expect(checkNodeEnv(env.path)).resolves.toMatchObject({ reused: true })
  })

  it('refuses local dependency specs, leaving nothing behind', async () => {
    const error = await failure(ensureNodeEnv(options(needsOf({ vendored: 'file:./vendor/x' }))))
    expect(error.code).toBe(RuntimeErrorCode.EnvBuildFailed)
    expect(error.message).toContain('vendored: file:./vendor/x')
    expect(await readdir(envsRoot)).toEqual([])
  })
})

describe('checkNodeEnv', () => {
  it('reports a missing environment', async () => {
    const error = await failure(checkNodeEnv(join(envsRoot, 'nope')))
    expect(error.code).toBe(RuntimeErrorCode.EnvMissing)
  })

  it.each([
    ['a missing marker', (path: string) => rm(join(path, nodeEnvMarkerName))],
    ['a marker that is not JSON', (path: string) => writeFile(join(path, nodeEnvMarkerName), '{')],
    [
      'a marker of another key',
      async (path: string) => {
        const marker = JSON.parse(await readFile(join(path, nodeEnvMarkerName), 'utf8'))
        await writeFile(join(path, nodeEnvMarkerName), JSON.stringify({ ...marker, key: 'other' }))
      },
    ],
    [
      'a missing node_modules',
      (path: string) => rm(join(path, 'node_modules'), { recursive: true }),
    ],
  ])('reports %s as corrupt', async (_name, damage) => {
    const env = await ensureNodeEnv(options(needsOf({}), { env: { PATH: '' } }))
    await damage(env.path)
    const error = await failure(checkNodeEnv(env.path))
    expect(error.code).toBe(RuntimeErrorCode.EnvCorrupt)
    expect(error.path).toBe(env.path)
    expect(error.hint).toContain(env.path)
  })
})
