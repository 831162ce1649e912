import { join } from 'node:path'
import { readDirIfExists } from '../../shared/helpers.js'
import type { PythonInterpreter } from './interpreters.js'
import { envBuildFailed } from './python-env-errors.js'
import { comparePep440Versions, type Pep440Version, parsePep440Version } from './requirements.js'
import { runCommand } from './run-command.js'

/** The pip wheel an interpreter ships for ensurepip. */
export interface BundledPipWheel {
  readonly path: string
  /** pip's version, from the file name (`23.2.1`). */
  readonly version: string
}

// Where ensurepip looks, in its order: the distribution's wheel folder (WHEEL_PKG_DIR: Debian's
// and Fedora's /usr/share/python-wheels), then the wheels bundled in the standard library. Valid
// Python 3.6+; -I keeps PYTHON* variables and the user site out.
const wheelDirsScript = [
  'import json, os, sys, sysconfig',
  'dirs = [sysconfig.get_config_var("WHEEL_PKG_DIR") or "",',
  '        os.path.join(os.path.dirname(os.__file__), "ensurepip", "_bundled")]',
  'sys.stdout.write(json.dumps([d for d in dirs if d]))',
].join('\n')

const pipWheelName = /^pip-([^-]+)-[^-]+-none-any\.whl$/
// A wheel folder that is missing or unreadable simply holds no pip.
const noFolder: ReadonlySet<string> = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM'])

/**
 * The pip wheel `interpreter` would bootstrap venvs with (the newest `pip-*.whl` of the first
 * folder holding one), or undefined when it ships none (a distribution that removed ensurepip's
 * wheels). Asks the interpreter where its folders are: one spawn of ~20 ms, paid per build only.
 * Throws RUNTIME_ENV_BUILD_FAILED when the interpreter cannot answer.
 */
export async function findBundledPipWheel(
  interpreter: PythonInterpreter,
  env: NodeJS.ProcessEnv,
): Promise<BundledPipWheel | undefined> {
  for (const dir of await wheelDirs(interpreter, env)) {
    const newest = newestPipWheel(await readDirIfExists(dir, noFolder))
    if (newest !== undefined) return { path: join(dir, newest.name), version: newest.version }
  }
  return undefined
}

async function wheelDirs(
  interpreter: PythonInterpreter,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const args = ['-I', '-c', wheelDirsScript]
  const failed = (problem: string, stderrTail = '', cause?: unknown) =>
    envBuildFailed({
      step: `locating the pip wheel bundled with ${interpreter.path} (Python ${interpreter.version})`,
      problem,
      hint: `Check that ${interpreter.path} runs, or point SKILLSHIP_PYTHON at another Python.`,
      stderrTail,
      command: [interpreter.path, ...args],
      ...(cause === undefined ? {} : { cause }),
    })
  const result = await runCommand(interpreter.path, args, { env }).catch((error: unknown) => {
    throw failed('the interpreter could not be started', '', error)
  })
  if (result.code !== 0) throw failed(`it exited with ${result.code}`, result.stderrTail)
  let dirs: unknown
  try {
    dirs = JSON.parse(result.stdoutTail)
  } catch (error) {
    throw failed(`it printed ${JSON.stringify(result.stdoutTail.slice(0, 200))}`, '', error)
  }
  if (!Array.isArray(dirs) || !dirs.every((dir) => typeof dir === 'string')) {
    throw failed(`it printed ${JSON.stringify(result.stdoutTail.slice(0, 200))}`)
  }
  return dirs
}

function newestPipWheel(names: readonly string[]): { name: string; version: string } | undefined {
  let best: { name: string; version: string; parsed: Pep440Version } | undefined
  for (const name of names) {
    const version = pipWheelName.exec(name)?.[1]
    const parsed = version === undefined ? undefined : parsePep440Version(version)
    if (version === undefined || parsed === undefined) continue
    if (best === undefined || comparePep440Versions(parsed, best.parsed) > 0) {
      best = { name, version, parsed }
    }
  }
  return best
}
