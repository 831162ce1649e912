import { existsSync } from 'node:fs'
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  realpath,
  rename,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeOf, tempPrefix } from '../../../test/sources/expect-code.js'
import { findPythonInterpreters } from './interpreters.js'
import { selectInterpreter } from './python-env.js'

const pyenvRoot = process.env['PYENV_ROOT'] || join(homedir(), '.pyenv')
const pyenvPython = (version: string): string =>
  join(pyenvRoot, 'versions', version, 'bin', 'python3')
const hasPyenv = existsSync(pyenvPython('3.9.18')) && existsSync(pyenvPython('3.12.1'))

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), tempPrefix))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('findPythonInterpreters on this machine', () => {
  it('finds several pyenv versions, each real executable once', async () => {
    const found = await findPythonInterpreters({ env: process.env })
    expect(found.length).toBeGreaterThan(0)
    expect(found.some(({ path }) => path.includes('/shims/'))).toBe(false)
    const real = await Promise.all(found.map(({ path }) => realpath(path)))
    expect(new Set(real).size).toBe(found.length)
    for (const interpreter of found) expect(interpreter.version).toMatch(/^\d+\.\d+\.\d+$/)
    if (hasPyenv) {
      const pyenv = found.filter(({ origin }) => origin === 'pyenv')
      expect(pyenv.length).toBeGreaterThan(2)
    }
  })

  it.runIf(hasPyenv)('selects by requires-python: <3.11 picks a 3.10.x', async () => {
    const found = await findPythonInterpreters({ env: process.env })
    expect(selectInterpreter(found, '<3.11').version).toMatch(/^3\.10\./)
    expect(selectInterpreter(found, '==3.9.*').version).toMatch(/^3\.9\./)
    expect(selectInterpreter(found, '>=3.12,<3.13').version).toMatch(/^3\.12\./)
  })
})

describe.runIf(hasPyenv)('findPythonInterpreters with a constructed environment', () => {
  it('reads PATH in order, ranks names, skips shims, versions out of range and broken ones', async () => {
    const bin = join(dir, 'bin')
    const shims = join(dir, 'shims')
    await mkdir(bin)
    await mkdir(shims)
    await symlink(pyenvPython('3.12.1'), join(bin, 'python3'))
    await symlink(pyenvPython('3.9.18'), join(bin, 'python3.9'))
    await symlink(pyenvPython('3.9.18'), join(bin, 'python3.5'))
    await symlink(pyenvPython('3.9.18'), join(bin, 'python3.9-config'))
    await writeFile(join(bin, 'python'), '#!/bin/sh\nexit 3\n', { mode: 0o755 })
    await symlink(pyenvPython('3.10.13'), join(shims, 'python3'))
    const env = { PATH: [bin, shims, 'relative/bin'].join(':'), HOME: dir }
    const found = await findPythonInterpreters({ env })
    expect(found).toEqual([
      { path: join(bin, 'python3'), version: '3.12.1', origin: 'PATH' },
      { path: join(bin, 'python3.9'), version: '3.9.18', origin: 'PATH' },
    ])
  })

  it('puts SKILLSHIP_PYTHON first and lists its executable once', async () => {
    const env = { PATH: '', PYENV_ROOT: pyenvRoot, SKILLSHIP_PYTHON: pyenvPython('3.10.13') }
    const found = await findPythonInterpreters({ env })
    expect(found[0]).toEqual({
      path: pyenvPython('3.10.13'),
      version: '3.10.13',
      origin: 'SKILLSHIP_PYTHON',
    })
    expect(found.filter(({ version }) => version === '3.10.13')).toHaveLength(1)
    expect(found.filter(({ origin }) => origin === 'pyenv').length).toBeGreaterThan(2)
  })

  it('refuses a SKILLSHIP_PYTHON that is missing or is not Python', async () => {
    const fake = join(dir, 'not-python')
    await writeFile(fake, '#!/bin/sh\necho hello\n')
    await chmod(fake, 0o755)
    const missing = findPythonInterpreters({ env: { SKILLSHIP_PYTHON: join(dir, 'nothing') } })
    expect(await codeOf(missing)).toBe('RUNTIME_PYTHON_NOT_FOUND')
    const notPython = findPythonInterpreters({ env: { SKILLSHIP_PYTHON: fake } })
    expect(await codeOf(notPython)).toBe('RUNTIME_PYTHON_NOT_FOUND')
  })
})

describe('findPythonInterpreters with a probe cache', () => {
  // A fake python3 that answers the probe with `version` and logs each run beside itself.
  async function fakePython(bin: string, version: string): Promise<string> {
    const path = join(bin, 'python3')
    const script = [
      '#!/bin/sh',
      `echo run >> '${join(bin, 'runs.log')}'`,
      `printf '{"version": "${version}", "executable": "%s"}' "$0"`,
    ].join('\n')
    // Written beside and renamed over: a new file (another inode), as a package manager does.
    await writeFile(`${path}.new`, `${script}\n`, { mode: 0o755 })
    await rename(`${path}.new`, path)
    return path
  }

  async function runs(bin: string): Promise<number> {
    const log = join(bin, 'runs.log')
    if (!existsSync(log)) return 0
    return (await readFile(log, 'utf8')).split('\n').filter(Boolean).length
  }

  async function setup(name: string) {
    const base = await realpath(dir)
    const bin = join(base, name, 'bin')
    const cacheDir = join(base, name, 'cache')
    await mkdir(bin, { recursive: true })
    return { bin, cacheDir, env: { PATH: bin, HOME: join(base, name) } }
  }

  it('probes once, then answers from the cache until the executable changes', async () => {
    const { bin, cacheDir, env } = await setup('cache-basic')
    const python = await fakePython(bin, '3.99.1')
    const expected = [{ path: python, version: '3.99.1', origin: 'PATH' }]
    expect(await findPythonInterpreters({ env, cacheDir })).toEqual(expected)
    expect(await runs(bin)).toBe(1)
    expect(await findPythonInterpreters({ env, cacheDir })).toEqual(expected)
    expect(await runs(bin)).toBe(1)

    // Touched: same content and inode, new mtime.
    const later = new Date(Date.now() + 5_000)
    await utimes(python, later, later)
    expect(await findPythonInterpreters({ env, cacheDir })).toEqual(expected)
    expect(await runs(bin)).toBe(2)

    // Replaced by another interpreter.
    await fakePython(bin, '3.99.2')
    expect(await findPythonInterpreters({ env, cacheDir })).toEqual([
      { path: python, version: '3.99.2', origin: 'PATH' },
    ])
    expect(await runs(bin)).toBe(3)
    expect(await findPythonInterpreters({ env, cacheDir })).toHaveLength(1)
    expect(await runs(bin)).toBe(3)
    // Without a cache folder every call probes.
    await findPythonInterpreters({ env })
    expect(await runs(bin)).toBe(4)
  })

  it('remembers a candidate that is not Python, but not one that could not be started', async () => {
    const { bin, cacheDir, env } = await setup('cache-failures')
    await writeFile(
      join(bin, 'python3'),
      `#!/bin/sh\necho run >> '${join(bin, 'runs.log')}'\nexit 3\n`,
      {
        mode: 0o755,
      },
    )
    await writeFile(join(bin, 'python'), '#!/nonexistent/interpreter\n', { mode: 0o755 })
    expect(await findPythonInterpreters({ env, cacheDir })).toEqual([])
    expect(await findPythonInterpreters({ env, cacheDir })).toEqual([])
    expect(await runs(bin)).toBe(1)
    const cached = JSON.parse(await readFile(join(cacheDir, 'python-interpreters.json'), 'utf8'))
    expect(Object.keys(cached.interpreters)).toEqual([join(bin, 'python3')])
    expect(cached.interpreters[join(bin, 'python3')].probe).toEqual({
      ok: false,
      reason: expect.any(String),
    })
  })

  it('replaces a cache file it cannot read as its own', async () => {
    const { bin, cacheDir, env } = await setup('cache-garbage')
    await fakePython(bin, '3.99.1')
    await mkdir(cacheDir)
    await writeFile(join(cacheDir, 'python-interpreters.json'), '{"version": 1, "interp')
    expect(await findPythonInterpreters({ env, cacheDir })).toHaveLength(1)
    const cached = JSON.parse(await readFile(join(cacheDir, 'python-interpreters.json'), 'utf8'))
    expect(cached.version).toBe(1)
  })

  // Cold and warm discovery times are measured in bench/runtimes.ts.
  it('discovers this machine warm with the same answer as cold', async () => {
    const cacheDir = join(dir, 'cache-machine')
    const cold = await findPythonInterpreters({ env: process.env, cacheDir })
    for (let run = 0; run < 3; run++) {
      expect(await findPythonInterpreters({ env: process.env, cacheDir })).toEqual(cold)
    }
  })
})
