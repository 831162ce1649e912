import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listEnvFolders } from '../../../test/runtimes/list-env-folders.js'
import { pythonTestEnv } from '../../../test/runtimes/python-test-env.js'
import { codeOf, tempPrefix } from '../../../test/sources/expect-code.js'
import { ensurePythonEnv } from './build-python-env.js'
import { findPythonInterpreters } from './interpreters.js'
import type { PythonEnv } from './python-env.js'
import {
  checkPythonEnv,
  pythonEnvMarkerFile,
  readPythonEnvMarker,
  selectInterpreter,
} from './python-env.js'

let root: string
let built: PythonEnv
let ensure: () => Promise<PythonEnv>

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), tempPrefix))
  const interpreter = selectInterpreter(await findPythonInterpreters({ env: process.env }), '>=3.8')
  const env = pythonTestEnv(join(root, 'no-wheels'))
  ensure = () =>
    ensurePythonEnv({ envsRoot: join(root, 'envs'), interpreter, requirements: [], env })
  built = await ensure()
}, 60_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('checkPythonEnv', () => {
  it('returns the marker of a complete environment', async () => {
    const marker = await checkPythonEnv(built.path)
    expect(marker).toMatchObject({ key: built.key, kind: 'python', packages: [] })
    expect(await readPythonEnvMarker(built.path)).toEqual(marker)
  })

  it('reports a folder that does not exist as RUNTIME_ENV_MISSING', async () => {
    expect(await codeOf(checkPythonEnv(join(root, 'envs', 'f'.repeat(32))))).toBe(
      'RUNTIME_ENV_MISSING',
    )
    expect(await codeOf(readPythonEnvMarker(join(root, 'nothing')))).toBe('RUNTIME_ENV_MISSING')
  })

  it('reports an unparseable or malformed marker as RUNTIME_ENV_CORRUPT', async () => {
    const file = join(built.path, pythonEnvMarkerFile)
    const original = await readFile(file, 'utf8')
    await writeFile(file, '{"key": ')
    expect(await codeOf(checkPythonEnv(built.path))).toBe('RUNTIME_ENV_CORRUPT')
    await writeFile(file, JSON.stringify({ ...JSON.parse(original), kind: 'node' }))
    expect(await codeOf(checkPythonEnv(built.path))).toBe('RUNTIME_ENV_CORRUPT')
    await writeFile(file, original)
    await checkPythonEnv(built.path)
  })

  it('reports a marker whose key is not the folder name as RUNTIME_ENV_CORRUPT', async () => {
    const moved = join(root, 'envs', 'a'.repeat(32))
    await rename(built.path, moved)
    try {
      expect(await codeOf(checkPythonEnv(moved))).toBe('RUNTIME_ENV_CORRUPT')
    } finally {
      await rename(moved, built.path)
    }
  })

  it('reports a file where the environment should be as RUNTIME_ENV_CORRUPT', async () => {
    const file = join(root, 'b'.repeat(32))
    await writeFile(file, 'not a folder')
    expect(await codeOf(checkPythonEnv(file))).toBe('RUNTIME_ENV_CORRUPT')
  })

  it.each([
    ['the venv python', join('bin', 'python')],
    ['the marker', pythonEnvMarkerFile],
  ])(
    'reports a missing %s as RUNTIME_ENV_CORRUPT; ensurePythonEnv rebuilds it',
    async (_, file) => {
      await rm(join(built.path, file))
      expect(await codeOf(checkPythonEnv(built.path))).toBe('RUNTIME_ENV_CORRUPT')
      const rebuilt = await ensure()
      expect(rebuilt).toMatchObject({ path: built.path, key: built.key, reused: false })
      await checkPythonEnv(built.path)
      expect(await listEnvFolders(join(root, 'envs'))).toEqual([built.key])
    },
    60_000,
  )
})
