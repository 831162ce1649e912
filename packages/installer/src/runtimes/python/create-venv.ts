import type { ToolProgress } from '../tool-progress.js'
import type { PythonInterpreter } from './interpreters.js'
import { envBuildFailed } from './python-env-errors.js'
import { runCommand } from './run-command.js'

export interface CreateVenvOptions {
  readonly interpreter: PythonInterpreter
  /** Where to create it; must not exist yet. */
  readonly path: string
  /** Leave pip out (uv installs without it). */
  readonly withoutPip: boolean
  readonly env: NodeJS.ProcessEnv
  readonly onProgress?: ToolProgress
}

/**
 * `<interpreter> -I -m venv [--without-pip] --prompt skillship <path>`: -I keeps PYTHONPATH and
 * the user site out. Throws RUNTIME_ENV_BUILD_FAILED with venv's error output.
 */
export async function createVenv(options: CreateVenvOptions): Promise<void> {
  const { interpreter } = options
  const args = [
    '-I',
    '-m',
    'venv',
    ...(options.withoutPip ? ['--without-pip'] : []),
    '--prompt',
    'skillship',
    options.path,
  ]
  const runOptions =
    options.onProgress === undefined
      ? { env: options.env }
      : { env: options.env, onLine: options.onProgress }
  let result: Awaited<ReturnType<typeof runCommand>>
  try {
    result = await runCommand(interpreter.path, args, runOptions)
  } catch (error) {
    throw venvFailed(options, 'the interpreter could not be started', '', args, error)
  }
  if (result.code !== 0) {
    const problem = `venv exited with ${result.code === null ? `signal ${result.signal}` : `code ${result.code}`}`
    throw venvFailed(options, problem, result.stderrTail || result.stdoutTail, args)
  }
}

function venvFailed(
  options: CreateVenvOptions,
  problem: string,
  stderrTail: string,
  args: readonly string[],
  cause?: unknown,
): Error {
  const { path, version } = options.interpreter
  const minor = version.split('.').slice(0, 2).join('.')
  return envBuildFailed({
    step: `creating a venv with ${path} (Python ${version})`,
    problem,
    hint:
      `Check that ${path} can create virtual environments (\`${path} -m venv /tmp/test-venv\`); ` +
      `on Debian/Ubuntu install the python${minor}-venv package, or point SKILLSHIP_PYTHON at another Python.`,
    stderrTail,
    command: [path, ...args],
    ...(cause === undefined ? {} : { cause }),
  })
}
