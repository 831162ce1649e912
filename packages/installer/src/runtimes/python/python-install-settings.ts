import { findExecutableOnPath } from './find-executable-on-path.js'
import type { PythonInstaller } from './install-python-packages.js'
import { envBuildFailed } from './python-env-errors.js'
import { splitShellWords } from './split-shell-words.js'

/** How packages get installed, as the environment asks. */
export interface PythonInstallSettings {
  readonly installer: PythonInstaller
  /** SKILLSHIP_PIP_ARGS split into words, appended to the install command. */
  readonly extraArgs: readonly string[]
}

/**
 * Reads SKILLSHIP_PIP_ARGS (shell-like words) and picks the installer: uv when it is on PATH,
 * unless SKILLSHIP_USE_UV=0, else pip. Throws RUNTIME_ENV_BUILD_FAILED for unbalanced quoting, so
 * a build fails before it creates anything.
 */
export async function pythonInstallSettings(
  env: NodeJS.ProcessEnv,
): Promise<PythonInstallSettings> {
  const text = env['SKILLSHIP_PIP_ARGS'] ?? ''
  const extraArgs = splitShellWords(text)
  if (extraArgs === undefined) {
    throw envBuildFailed({
      step: 'reading SKILLSHIP_PIP_ARGS',
      problem: `${JSON.stringify(text)} has an unclosed quote or a trailing backslash`,
      hint: 'Fix the quoting in SKILLSHIP_PIP_ARGS (shell-like words, e.g. --find-links "/my wheels").',
    })
  }
  const uv = env['SKILLSHIP_USE_UV'] === '0' ? undefined : await findExecutableOnPath('uv', env)
  return { installer: uv === undefined ? { kind: 'pip' } : { kind: 'uv', path: uv }, extraArgs }
}
