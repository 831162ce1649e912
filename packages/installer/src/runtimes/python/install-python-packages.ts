import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { venvPython } from '../../shared/helpers.js'
import { type ToolProgress, withPipRetryWarning } from '../tool-progress.js'
import { frozenRequirements } from './frozen-requirements.js'
import { listInstalledDistributions, pipVersionOf } from './installed-distributions.js'
import { parsePipReport } from './pip-report.js'
import type { LockedPythonPackage } from './python-env.js'
import { envBuildFailed } from './python-env-errors.js'
import { comparePep440Versions, parsePep440Version } from './requirements.js'
import { runCommand } from './run-command.js'

/**
 * The tool that installs packages into a venv: pip run by the venv's python, either the venv's
 * own (installed by ensurepip) or, with `unpacked`, one unpacked outside the venv (see
 * unpackBundledPip); or uv.
 */
export type PythonInstaller =
  | { readonly kind: 'pip'; readonly unpacked?: UnpackedPip }
  | { readonly kind: 'uv'; readonly path: string }

/** A pip outside the venv: `<venv python> <dir>/pip` runs it. */
export interface UnpackedPip {
  /** The folder holding the `pip` package. */
  readonly dir: string
  readonly version: string
}

export interface InstallPythonPackagesOptions {
  /** The venv to install into (it already exists). */
  readonly envPath: string
  readonly requirements: readonly string[]
  /** Install exactly these instead of resolving `requirements` (normalised). */
  readonly locked?: readonly LockedPythonPackage[]
  readonly installer: PythonInstaller
  /** Appended to the install command (SKILLSHIP_PIP_ARGS). */
  readonly extraArgs: readonly string[]
  readonly env: NodeJS.ProcessEnv
  readonly onProgress?: ToolProgress
}

// `pip install --report` appeared in pip 22.2.
const firstPipWithReport = parsePep440Version('22.2')

// Scratch files (report, frozen requirements) live here, inside the staging venv, removed after.
const workDirName = '.skillship-build'

/**
 * Installs into the venv and returns what was installed (normalised names, sorted). With pip 22.2+
 * the list and its archive hashes come from `pip install --report`; with uv or an older pip, from
 * the venv's metadata before and after, without hashes. The environment (PIP_* variables,
 * pip.conf, proxies) is passed through untouched. Requirements follow `--`, so none can be read
 * as an option. Throws RUNTIME_ENV_BUILD_FAILED with the tail of the tool's stderr.
 */
export async function installPythonPackages(
  options: InstallPythonPackagesOptions,
): Promise<LockedPythonPackage[]> {
  const before = await listInstalledDistributions(options.envPath)
  if (options.requirements.length === 0 && (options.locked?.length ?? 0) === 0) return []
  const work = join(options.envPath, workDirName)
  await mkdir(work)
  const report = wantsReport(options.installer, before) ? join(work, 'report.json') : undefined
  const frozen = options.locked === undefined ? undefined : frozenRequirements(options.locked)
  if (frozen !== undefined) await writeFile(join(work, 'frozen.txt'), frozen.text)
  const [file, args] = installCommand(options, {
    report,
    frozen:
      frozen === undefined ? undefined : { file: join(work, 'frozen.txt'), hashed: frozen.hashed },
  })
  const result = await runCommand(file, args, withProgress(options)).catch((error: unknown) => {
    throw installFailed(options, [file, ...args], '', error)
  })
  if (result.code !== 0) {
    throw installFailed(options, [file, ...args], result.stderrTail || result.stdoutTail)
  }
  const reported = report === undefined ? undefined : parsePipReport(await readFile(report, 'utf8'))
  await rm(work, { recursive: true, force: true })
  return reported ?? added(before, await listInstalledDistributions(options.envPath))
}

function wantsReport(
  installer: PythonInstaller,
  installed: readonly LockedPythonPackage[],
): boolean {
  if (installer.kind !== 'pip') return false
  const pipVersion = installer.unpacked?.version ?? pipVersionOf(installed)
  if (pipVersion === undefined) return false
  const version = parsePep440Version(pipVersion)
  if (version === undefined || firstPipWithReport === undefined) return false
  return comparePep440Versions(version, firstPipWithReport) >= 0
}

interface InstallInputs {
  readonly report: string | undefined
  readonly frozen: { readonly file: string; readonly hashed: boolean } | undefined
}

function installCommand(
  options: InstallPythonPackagesOptions,
  inputs: InstallInputs,
): [string, string[]] {
  const python = venvPython(options.envPath)
  const what = inputs.frozen
    ? ['--no-deps', ...(inputs.frozen.hashed ? ['--require-hashes'] : []), '-r', inputs.frozen.file]
    : []
  const positional = inputs.frozen ? [] : ['--', ...options.requirements]
  if (options.installer.kind === 'uv') {
    const args = [
      'pip',
      'install',
      '--python',
      python,
      ...what,
      ...options.extraArgs,
      ...positional,
    ]
    return [options.installer.path, args]
  }
  // -I: PYTHONPATH and the user site must not leak packages into the resolution.
  const { unpacked } = options.installer
  const runPip = unpacked === undefined ? ['-m', 'pip'] : [join(unpacked.dir, 'pip')]
  const pip = ['-I', ...runPip, 'install', '--disable-pip-version-check', '--no-input']
  const report = inputs.report === undefined ? [] : ['--report', inputs.report]
  return [python, [...pip, ...report, ...what, ...options.extraArgs, ...positional]]
}

function withProgress(options: InstallPythonPackagesOptions): Parameters<typeof runCommand>[2] {
  return options.onProgress === undefined
    ? { env: options.env }
    : { env: options.env, onLine: withPipRetryWarning(options.onProgress) }
}

// What the install added or changed, for installers without a report.
function added(
  before: readonly LockedPythonPackage[],
  after: readonly LockedPythonPackage[],
): LockedPythonPackage[] {
  const old = new Set(before.map(({ name, version }) => `${name}==${version}`))
  return after.filter(({ name, version }) => !old.has(`${name}==${version}`))
}

function installFailed(
  options: InstallPythonPackagesOptions,
  command: readonly string[],
  stderrTail: string,
  spawnError?: unknown,
): Error {
  const subject = options.locked
    ? `${options.locked.length} locked package${options.locked.length === 1 ? '' : 's'}`
    : options.requirements.join(', ')
  const hashMismatch = /DO NOT MATCH THE HASHES|hash mismatch/i.test(stderrTail)
  return envBuildFailed({
    step: `installing ${subject} with ${options.installer.kind}`,
    problem: spawnError
      ? `${command[0]} could not be started`
      : hashMismatch
        ? 'the downloaded archives do not match the locked hashes'
        : `${options.installer.kind} exited with an error`,
    hint: hashMismatch
      ? 'The index now serves other files than when the skill was locked. Check which index is ' +
        'used (pip config list, PIP_INDEX_URL); if the change is expected, lock again with `skillship update`.'
      : 'Check that the requirements exist for this Python and that your index is reachable ' +
        '(pip config list; PIP_* variables, proxies and SKILLSHIP_PIP_ARGS are passed through). ' +
        "details.stderr holds the tool's output.",
    stderrTail,
    command,
    ...(spawnError === undefined ? {} : { cause: spawnError }),
  })
}
