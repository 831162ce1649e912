import { mkdir, realpath, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { bundledPipInstaller } from './bundled-pip-installer.js'
import { createVenv } from './create-venv.js'
import { installPythonPackages, type PythonInstaller } from './install-python-packages.js'
import { placePythonEnv } from './place-python-env.js'
import {
  checkPythonEnv,
  type EnsurePythonEnvOptions,
  envFrom,
  findPythonEnv,
  type LockedPythonPackage,
  normalizeRequirement,
  type PythonEnv,
  type PythonEnvMarker,
  pythonEnvMarkerFile,
  serializePythonEnvMarker,
} from './python-env.js'
import { envBuildFailed } from './python-env-errors.js'
import { pythonInstallSettings } from './python-install-settings.js'
import { pythonStagingPath, sweepPythonStaging } from './python-staging.js'
import { relocateVenv } from './relocate-venv.js'

// Builds in flight in this process, by final path: concurrent callers share one build.
const building = new Map<string, Promise<PythonEnv>>()

/**
 * Returns the environment for the interpreter and requirements, building it when needed. Reuse
 * costs one marker read and one stat. A frozen install (`locked`) reuses the plain environment
 * when it holds exactly the locked packages, else uses its own key (interpreter, requirements and
 * lock). Builds happen in a staging folder (venv, install, path rewrite, marker last) that is
 * renamed into place, so the final path never holds a partial environment; a damaged one there is
 * replaced. Stale staging folders of dead builds are swept before each build. The venv is made
 * without pip: packages are installed by the interpreter's bundled pip, unpacked once into
 * `<envsRoot>/.pip` (see bundledPipInstaller), or by uv. Throws RUNTIME_ENV_BUILD_FAILED (nothing
 * left behind) or the discovery and lock errors it meets.
 */
export async function ensurePythonEnv(options: EnsurePythonEnvOptions): Promise<PythonEnv> {
  const lookup = await findPythonEnv(options)
  if (lookup.found !== undefined) return lookup.found
  const { root, key, locked } = lookup
  return joinBuild(join(root, key), () => buildPythonEnv(root, key, options, locked))
}

async function joinBuild(path: string, build: () => Promise<PythonEnv>): Promise<PythonEnv> {
  const running = building.get(path)
  if (running !== undefined) return { ...(await running), reused: true }
  const started = build().finally(() => building.delete(path))
  building.set(path, started)
  return started
}

// Builds the environment `key` under `root`, staged and renamed in.
async function buildPythonEnv(
  root: string,
  key: string,
  options: EnsurePythonEnvOptions,
  locked: readonly LockedPythonPackage[] | undefined,
): Promise<PythonEnv> {
  const settings = await pythonInstallSettings(options.env)
  const { extraArgs } = settings
  const realRoot = await preparedRoot(root).catch((error: unknown) => {
    throw asBuildFailure(error, root)
  })
  const staging = pythonStagingPath(realRoot, key)
  const final = join(realRoot, key)
  const wanted = locked === undefined ? options.requirements.join(', ') : `${locked.length} locked`
  options.onProgress?.(
    `building the Python environment ${key} (Python ${options.interpreter.version}; ${wanted || 'no packages'})`,
    'step',
  )
  try {
    const progress = options.onProgress === undefined ? {} : { onProgress: options.onProgress }
    const { interpreter, env } = options
    // An environment without packages needs no installer, and so no pip at all.
    const empty = options.requirements.length === 0 && (locked?.length ?? 0) === 0
    const installer =
      settings.installer.kind === 'uv' || empty
        ? settings.installer
        : await bundledPipInstaller(realRoot, interpreter, env)
    await createVenv({
      interpreter,
      path: staging,
      // Only the venv's own pip needs pip inside the venv (see bundledPipInstaller).
      withoutPip: empty || installer.kind === 'uv' || installer.unpacked !== undefined,
      env,
      ...progress,
    })
    const packages = await installPythonPackages({
      envPath: staging,
      requirements: options.requirements,
      ...(locked === undefined ? {} : { locked }),
      installer,
      extraArgs,
      env,
      ...progress,
    })
    await relocateVenv(staging, staging, final)
    const marker = markerFor(key, options, packages, installer)
    await writeFile(join(staging, pythonEnvMarkerFile), serializePythonEnvMarker(marker))
    const placed = await placePythonEnv(staging, final)
    const path = join(root, key)
    return placed === 'placed'
      ? envFrom(path, marker, false)
      : envFrom(path, await checkPythonEnv(path), true)
  } catch (error) {
    throw await cleanedUp(staging, asBuildFailure(error, dirname(staging)))
  }
}

// Creates the envs folder, sweeps dead builds, and returns its real path: venv and pip write the
// build's path into files, and relocateVenv must find it spelled that way.
async function preparedRoot(root: string): Promise<string> {
  await mkdir(root, { recursive: true })
  const realRoot = await realpath(root)
  await sweepPythonStaging(realRoot)
  return realRoot
}

// The failure to throw once the staging folder is gone; if it cannot be removed, a failure saying
// so (the next build's sweep removes it once this process has exited).
async function cleanedUp(staging: string, failure: unknown): Promise<unknown> {
  try {
    await rm(staging, { recursive: true, force: true })
    return failure
  } catch (cleanup) {
    return envBuildFailed({
      step: 'removing the staging folder of a failed build',
      problem: `${staging} could not be removed`,
      hint: `Remove ${staging} by hand; the build failed first, see the cause.`,
      cause: new AggregateError([failure, cleanup], 'build and cleanup both failed'),
    })
  }
}

function markerFor(
  key: string,
  options: EnsurePythonEnvOptions,
  packages: readonly LockedPythonPackage[],
  installer: PythonInstaller,
): PythonEnvMarker {
  return {
    key,
    kind: 'python',
    interpreter: { path: options.interpreter.path, version: options.interpreter.version },
    requirements: [...new Set(options.requirements.map(normalizeRequirement))].sort(),
    packages,
    installer: installer.kind,
    createdAt: new Date().toISOString(),
  }
}

// Coded errors pass through; anything else (a full disk, a permission) becomes a build failure.
function asBuildFailure(error: unknown, envsRoot: string): unknown {
  if (isSkillshipError(error)) return error
  return envBuildFailed({
    step: 'preparing the environment',
    problem: error instanceof Error ? error.message : String(error),
    hint: `Check that ${envsRoot} is writable and has free space, then run the install again.`,
    cause: error,
  })
}
