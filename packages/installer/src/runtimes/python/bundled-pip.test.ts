import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeOf, tempPrefix } from '../../../test/sources/expect-code.js'
import { findBundledPipWheel } from './find-bundled-pip-wheel.js'
import { findPythonInterpreters, type PythonInterpreter } from './interpreters.js'
import { selectInterpreter } from './python-env.js'
import { unpackBundledPip, unpackedPipFolder } from './unpack-bundled-pip.js'

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), tempPrefix))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('the pip an interpreter bundles', async () => {
  const interpreter = selectInterpreter(await findPythonInterpreters({ env: process.env }), '>=3.8')
  const wheel = await findBundledPipWheel(interpreter, process.env)

  // A distribution may strip ensurepip's wheels; builds then use the venv's own pip.
  it.runIf(wheel !== undefined)('is found where ensurepip would take it from', () => {
    expect(wheel?.version).toMatch(/^\d+\.\d+/)
    expect(wheel !== undefined && existsSync(wheel.path)).toBe(true)
  })

  const python38 = join(
    process.env['PYENV_ROOT'] || join(homedir(), '.pyenv'),
    'versions/3.8.18/bin/python3',
  )
  const bundled38 = join(python38, '../../lib/python3.8/ensurepip/_bundled')
  it.runIf(existsSync(join(bundled38, 'pip-22.0.4-py3-none-any.whl')))(
    'is the newest pip wheel when a folder holds several',
    async () => {
      const old: PythonInterpreter = { path: python38, version: '3.8.18', origin: 'pyenv' }
      const wheel = await findBundledPipWheel(old, process.env)
      expect(wheel?.version).not.toBe('22.0.4')
    },
  )

  it.runIf(wheel !== undefined)('is unpacked once, whole, by concurrent builds', async () => {
    if (wheel === undefined) throw new Error('no bundled pip')
    const envsRoot = join(root, 'envs-concurrent')
    const dirs = await Promise.all(
      [1, 2, 3].map(() => unpackBundledPip(envsRoot, wheel, interpreter, process.env)),
    )
    expect(new Set(dirs).size).toBe(1)
    expect(existsSync(join(dirs[0] as string, 'pip', '__main__.py'))).toBe(true)
    expect(await readdir(join(envsRoot, unpackedPipFolder))).toHaveLength(1)
    expect((await readdir(envsRoot)).filter((name) => name.startsWith('.staging-'))).toEqual([])
  })

  it.runIf(wheel !== undefined)('refuses an unpacked folder that lost its pip', async () => {
    if (wheel === undefined) throw new Error('no bundled pip')
    const envsRoot = join(root, 'envs-damaged')
    const dir = await unpackBundledPip(envsRoot, wheel, interpreter, process.env)
    await rm(join(dir, 'pip', '__main__.py'))
    const again = unpackBundledPip(envsRoot, wheel, interpreter, process.env)
    expect(await codeOf(again)).toBe('RUNTIME_ENV_BUILD_FAILED')
  })
})
