import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestWheel, type TestWheel } from '../../../test/runtimes/build-test-wheel.js'
import { listEnvFolders } from '../../../test/runtimes/list-env-folders.js'
import { pythonTestEnv } from '../../../test/runtimes/python-test-env.js'
import { codeOf, tempPrefix } from '../../../test/sources/expect-code.js'
import { sitePackagesDirs } from '../../shared/helpers.js'
import { ensurePythonEnv } from './build-python-env.js'
import { findExecutableOnPath } from './find-executable-on-path.js'
import { findPythonInterpreters, type PythonInterpreter } from './interpreters.js'
import type { LockedPythonPackage, PythonEnv } from './python-env.js'
import {
  normalizeLockedPackages,
  pythonEnvKey,
  readPythonEnvMarker,
  selectInterpreter,
} from './python-env.js'
import { unpackedPipFolder } from './unpack-bundled-pip.js'

const run = promisify(execFile)
const buildTimeout = 60_000

const pkgxModule = (version: string): string =>
  `VERSION = "${version}"\n\ndef main():\n    print("pkgx", VERSION)\n`

let root: string
let wheelDir: string
let env: NodeJS.ProcessEnv
let interpreter: PythonInterpreter
let found: PythonInterpreter[]
let wheels: Record<string, TestWheel>
let globalPackagesBefore: string
let envOne: PythonEnv
let envTwo: PythonEnv
async function pythonOutput(python: string, code: string): Promise<string> {
  const { stdout } = await run(python, ['-c', code], { env })
  return stdout.trim()
}

async function globalPackages(): Promise<string> {
  const { stdout } = await run(interpreter.path, ['-m', 'pip', 'list', '--format=json'], { env })
  return stdout
}

async function stagingLeft(envsRoot: string): Promise<string[]> {
  return (await readdir(envsRoot)).filter((name) => name.startsWith('.staging-'))
}

function ensure(
  requirements: readonly string[],
  extra: Partial<Parameters<typeof ensurePythonEnv>[0]> = {},
) {
  return ensurePythonEnv({ envsRoot: join(root, 'envs'), interpreter, requirements, env, ...extra })
}

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), tempPrefix)))
  wheelDir = join(root, 'wheels')
  const built = await Promise.all([
    buildTestWheel(wheelDir, {
      name: 'pkgx',
      version: '1.0',
      module: pkgxModule('1.0'),
      consoleScripts: { 'pkgx-cli': 'pkgx:main' },
    }),
    buildTestWheel(wheelDir, {
      name: 'pkgx',
      version: '2.0',
      module: pkgxModule('2.0'),
      requires: ['pkg_dep>=1'],
      consoleScripts: { 'pkgx-cli': 'pkgx:main' },
    }),
    buildTestWheel(wheelDir, { name: 'pkg_dep', version: '1.0', requires: ['pkg-leaf'] }),
    buildTestWheel(wheelDir, { name: 'pkg-leaf', version: '1.5' }),
  ])
  wheels = { pkgx1: built[0], pkgx2: built[1], dep: built[2], leaf: built[3] } as Record<
    string,
    TestWheel
  >
  env = pythonTestEnv(wheelDir)
  found = await findPythonInterpreters({ env: process.env })
  interpreter = selectInterpreter(found, '>=3.8')
  globalPackagesBefore = await globalPackages()
  envOne = await ensure(['pkgx==1.0'])
  envTwo = await ensure(['pkgx>=2'])
}, 2 * buildTimeout)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('ensurePythonEnv: isolated environments side by side', () => {
  it('gives each requirement set its own venv with its own pkgx', async () => {
    expect(envOne.reused).toBe(false)
    expect(envTwo.reused).toBe(false)
    expect(envOne.path).not.toBe(envTwo.path)
    expect(await pythonOutput(envOne.python, 'import pkgx; print(pkgx.VERSION)')).toBe('1.0')
    expect(await pythonOutput(envTwo.python, 'import pkgx; print(pkgx.VERSION)')).toBe('2.0')
    expect(await pythonOutput(envTwo.python, 'import pkg_dep, pkg_leaf; print("ok")')).toBe('ok')
  })

  it('records what pip installed, with the archive hashes, in the result and the marker', async () => {
    expect(envOne.packages).toEqual([
      { name: 'pkgx', version: '1.0', hashes: [wheels['pkgx1']?.hash] },
    ])
    expect(envTwo.packages).toEqual([
      { name: 'pkg-dep', version: '1.0', hashes: [wheels['dep']?.hash] },
      { name: 'pkg-leaf', version: '1.5', hashes: [wheels['leaf']?.hash] },
      { name: 'pkgx', version: '2.0', hashes: [wheels['pkgx2']?.hash] },
    ])
    const marker = await readPythonEnvMarker(envTwo.path)
    expect(marker).toMatchObject({
      key: envTwo.key,
      kind: 'python',
      interpreter: { path: interpreter.path, version: interpreter.version },
      requirements: ['pkgx>=2'],
      packages: envTwo.packages,
      installer: 'pip',
    })
    expect(envTwo.interpreterVersion).toBe(interpreter.version)
  })

  it('keeps console scripts working after the staging folder was renamed', async () => {
    const script = join(envOne.path, 'bin', 'pkgx-cli')
    const { stdout } = await run(script, [], { env })
    expect(stdout.trim()).toBe('pkgx 1.0')
    expect((await readFile(script, 'utf8')).split('\n')[0]).toBe(`#!${envOne.path}/bin/python`)
    for (const file of ['bin/activate', 'pyvenv.cfg']) {
      expect(await readFile(join(envOne.path, file), 'utf8')).not.toContain('.staging-')
    }
  })

  it('installs with the bundled pip unpacked once beside the envs, leaving pip out of the venvs', async () => {
    const unpacked = await readdir(join(root, 'envs', unpackedPipFolder))
    expect(unpacked).toHaveLength(1)
    expect(unpacked[0]).toMatch(/^pip-\d[^-]*-py[^-]+-none-any-[0-9a-f]{12}$/)
    for (const env of [envOne, envTwo]) {
      const [sitePackages] = await sitePackagesDirs(env.path)
      const names = await readdir(sitePackages as string)
      expect(names.filter((name) => /^(pip|setuptools)\b/.test(name))).toEqual([])
    }
  })

  it('leaves the interpreter own site-packages unchanged', async () => {
    expect(await globalPackages()).toBe(globalPackagesBefore)
  })

  // Fresh and reused environment times are measured in bench/runtimes.ts.
  it('reuses a built environment, however the requirements are spelled', async () => {
    const again = await ensure(['pkgx==1.0'])
    expect(again).toEqual({ ...envOne, reused: true })
    expect((await ensure(['PKGX == 1.0'])).path).toBe(envOne.path)
    // What an install does per skill whose environment exists: warm discovery, selection, reuse.
    const cacheDir = join(root, 'cache')
    await findPythonInterpreters({ env: process.env, cacheDir })
    const chosen = selectInterpreter(
      await findPythonInterpreters({ env: process.env, cacheDir }),
      '>=3.8',
    )
    const withDiscovery = await ensure(['pkgx==1.0'], { interpreter: chosen })
    expect(withDiscovery).toMatchObject({ path: envOne.path, reused: true })
    expect(await listEnvFolders(join(root, 'envs'))).toEqual([envOne.key, envTwo.key].sort())
  })

  it(
    'shares one build between concurrent callers in a process',
    async () => {
      const [first, second] = await Promise.all([ensure([]), ensure([])])
      expect(first.path).toBe(second.path)
      expect([first.reused, second.reused].sort()).toEqual([false, true])
      expect(first.packages).toEqual([])
    },
    buildTimeout,
  )
})

describe('ensurePythonEnv: frozen installs', () => {
  it('reuses the plain environment when it holds exactly the locked packages', async () => {
    const reused = await ensure(['pkgx>=2'], { locked: envTwo.packages })
    expect(reused).toEqual({ ...envTwo, reused: true })
  })

  it(
    'installs exactly the locked packages with hash checking',
    async () => {
      const envsRoot = join(root, 'frozen-envs')
      const frozen = await ensure(['pkgx>=2'], { envsRoot, locked: envTwo.packages })
      expect(frozen.reused).toBe(false)
      expect(frozen.packages).toEqual(envTwo.packages)
      expect(await pythonOutput(frozen.python, 'import pkgx; print(pkgx.VERSION)')).toBe('2.0')
    },
    buildTimeout,
  )

  it(
    'fails on a wrong hash and leaves neither the environment nor its staging folder',
    async () => {
      const envsRoot = join(root, 'bad-hash-envs')
      const locked: LockedPythonPackage[] = envTwo.packages.map((entry) =>
        entry.name === 'pkgx' ? { ...entry, hashes: [`sha256:${'0'.repeat(64)}`] } : entry,
      )
      const attempt = ensure(['pkgx>=2'], { envsRoot, locked })
      expect(await codeOf(attempt)).toBe('RUNTIME_ENV_BUILD_FAILED')
      const key = pythonEnvKey({
        interpreterVersion: interpreter.version,
        requirements: ['pkgx>=2'],
        locked: normalizeLockedPackages(locked),
      })
      expect(existsSync(join(envsRoot, key))).toBe(false)
      expect(await stagingLeft(envsRoot)).toEqual([])
    },
    buildTimeout,
  )

  it(
    'fails on a requirement no index has, leaving nothing behind',
    async () => {
      const envsRoot = join(root, 'missing-envs')
      expect(await codeOf(ensure(['pkg-that-does-not-exist==9'], { envsRoot }))).toBe(
        'RUNTIME_ENV_BUILD_FAILED',
      )
      expect(await listEnvFolders(envsRoot)).toEqual([])
    },
    buildTimeout,
  )

  it('refuses a SKILLSHIP_PIP_ARGS with an open quote before building anything', async () => {
    const envsRoot = join(root, 'bad-args-envs')
    const badEnv = { ...env, SKILLSHIP_PIP_ARGS: "--find-links '/open" }
    expect(await codeOf(ensure(['pkgx'], { envsRoot, env: badEnv }))).toBe(
      'RUNTIME_ENV_BUILD_FAILED',
    )
    expect(existsSync(envsRoot)).toBe(false)
  })
})

describe('ensurePythonEnv: interpreters', () => {
  it('has no interpreter for requires-python >=3.99', () => {
    let code: string | undefined
    try {
      selectInterpreter(found, '>=3.99')
    } catch (error) {
      code = (error as { code?: string }).code
    }
    expect(code).toBe('RUNTIME_PYTHON_NOT_FOUND')
  })

  const pyenvRoot = process.env['PYENV_ROOT'] || join(homedir(), '.pyenv')
  const python37 = join(pyenvRoot, 'versions', '3.7.16', 'bin', 'python3')

  it.runIf(existsSync(python37))(
    'builds with an old pip (no --report): packages read from the venv, no hashes',
    async () => {
      const old: PythonInterpreter = { path: python37, version: '3.7.16', origin: 'pyenv' }
      const built = await ensure(['pkgx==1.0'], { interpreter: old })
      expect(built.packages).toEqual([{ name: 'pkgx', version: '1.0' }])
      const { stdout } = await run(join(built.path, 'bin', 'pkgx-cli'), [], { env })
      expect(stdout.trim()).toBe('pkgx 1.0')
      const frozen = await ensure(['pkgx==1.0'], {
        interpreter: old,
        envsRoot: join(root, 'old-frozen-envs'),
        locked: built.packages,
      })
      expect(frozen.packages).toEqual(built.packages)
    },
    2 * buildTimeout,
  )
})

describe('ensurePythonEnv with uv', async () => {
  const uv = await findExecutableOnPath('uv', process.env)
  it.runIf(uv !== undefined)(
    'installs with uv when it is on PATH',
    async () => {
      const uvEnv = pythonTestEnv(wheelDir, { useUv: true })
      const built = await ensure(['pkgx>=2'], { envsRoot: join(root, 'uv-envs'), env: uvEnv })
      expect(built.packages.map(({ name, version }) => `${name}==${version}`)).toEqual([
        'pkg-dep==1.0',
        'pkg-leaf==1.5',
        'pkgx==2.0',
      ])
      expect(await readPythonEnvMarker(built.path)).toMatchObject({ installer: 'uv' })
    },
    buildTimeout,
  )
})
