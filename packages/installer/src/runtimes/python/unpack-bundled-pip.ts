import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import type { BundledPipWheel } from './find-bundled-pip-wheel.js'
import type { PythonInterpreter } from './interpreters.js'
import { envBuildFailed } from './python-env-errors.js'
import { pythonStagingPath } from './python-staging.js'
import { runCommand } from './run-command.js'

/** The folder of unpacked pips inside the envs folder (a dot name: never an environment key). */
export const unpackedPipFolder = '.pip'

// rename(2) onto a non-empty folder: another build unpacked the same wheel first.
const occupied = new Set(['ENOTEMPTY', 'EEXIST'])

/**
 * The folder holding pip unpacked from `wheel`: `<envsRoot>/.pip/<wheel name>-<12 hex of its
 * sha256>`, so that `<venv python> <folder>/pip install ...` runs it without pip being installed
 * in the venv. Unpacked once per wheel (by `<interpreter> -m zipfile -e`, in a staging folder
 * renamed into place, so the folder is complete or absent; a lost race keeps the winner's).
 * Unlike pip run from the zipped wheel, an unpacked pip keeps the byte code Python writes beside
 * it on first use, so later runs start in ~0.4 s instead of ~1.3 s. Throws
 * RUNTIME_ENV_BUILD_FAILED when the wheel cannot be read or unpacked.
 */
export async function unpackBundledPip(
  envsRoot: string,
  wheel: BundledPipWheel,
  interpreter: PythonInterpreter,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const digest = createHash('sha256')
    .update(await readFile(wheel.path))
    .digest('hex')
  const dir = join(
    envsRoot,
    unpackedPipFolder,
    `${basename(wheel.path, '.whl')}-${digest.slice(0, 12)}`,
  )
  if (await isUnpacked(dir)) return dir
  // A staging name the build sweep recognises, so a crash here leaves nothing for long.
  const staging = pythonStagingPath(envsRoot, digest.slice(0, 32))
  try {
    const args = ['-I', '-m', 'zipfile', '-e', wheel.path, staging]
    const result = await runCommand(interpreter.path, args, { env })
    if (result.code !== 0 || !(await isUnpacked(staging))) {
      throw envBuildFailed({
        step: `unpacking ${wheel.path}`,
        problem: `zipfile exited with ${result.code ?? result.signal} and left no pip/__main__.py`,
        hint: `Check that ${wheel.path} is a valid wheel and that ${envsRoot} is writable.`,
        stderrTail: result.stderrTail,
        command: [interpreter.path, ...args],
      })
    }
    await mkdir(join(envsRoot, unpackedPipFolder), { recursive: true })
    await rename(staging, dir).catch((error: unknown) => {
      if (!occupied.has(errnoCode(error) ?? '')) throw error
    })
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  // Another build's folder won the rename; one without pip in it was damaged by hand.
  if (!(await isUnpacked(dir))) {
    throw envBuildFailed({
      step: `unpacking ${wheel.path}`,
      problem: `${dir} exists but holds no pip/__main__.py`,
      hint: `Delete ${dir}; the next build unpacks pip again.`,
    })
  }
  return dir
}

async function isUnpacked(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, 'pip', '__main__.py'))).isFile()
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return false
    throw error
  }
}
