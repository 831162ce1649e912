import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listEnvFolders } from '../../../test/runtimes/list-env-folders.js'
import { pythonTestEnv } from '../../../test/runtimes/python-test-env.js'
import { tempPrefix } from '../../../test/sources/expect-code.js'
import { ensurePythonEnv } from './build-python-env.js'
import { findPythonInterpreters } from './interpreters.js'
import { placePythonEnv } from './place-python-env.js'
import type { PythonEnv } from './python-env.js'
import { checkPythonEnv, selectInterpreter } from './python-env.js'
import { pythonStagingPath } from './python-staging.js'

let root: string
let envsRoot: string
let built: PythonEnv

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), tempPrefix))
  envsRoot = join(root, 'envs')
  const interpreter = selectInterpreter(await findPythonInterpreters({ env: process.env }), '>=3.8')
  const env = pythonTestEnv(join(root, 'no-wheels'))
  built = await ensurePythonEnv({ envsRoot, interpreter, requirements: [], env })
}, 60_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

// A second finished build of the same environment, as a racing process would leave it.
async function rivalBuild(): Promise<string> {
  const staging = pythonStagingPath(envsRoot, built.key)
  await cp(built.path, staging, { recursive: true, verbatimSymlinks: true })
  return staging
}

describe('placePythonEnv', () => {
  it('keeps a valid environment that won the race and removes ours', async () => {
    const staging = await rivalBuild()
    expect(await placePythonEnv(staging, built.path)).toBe('existing')
    expect(await listEnvFolders(envsRoot)).toEqual([built.key])
  })

  it('replaces a damaged environment and removes it', async () => {
    const staging = await rivalBuild()
    await rm(built.path, { recursive: true })
    await mkdir(built.path)
    await writeFile(join(built.path, 'leftover'), 'half of something')
    expect(await placePythonEnv(staging, built.path)).toBe('placed')
    await checkPythonEnv(built.path)
    expect(await listEnvFolders(envsRoot)).toEqual([built.key])
  })

  it('replaces a file at the final path', async () => {
    const staging = await rivalBuild()
    await rm(built.path, { recursive: true })
    await writeFile(built.path, 'not an environment')
    expect(await placePythonEnv(staging, built.path)).toBe('placed')
    await checkPythonEnv(built.path)
  })
})
