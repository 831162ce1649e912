import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { errnoCode, isSkillshipError, SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { checkNodeEnv } from './check-node-env.js'
import { stagingPath } from './env-folder-names.js'
import { writeEsmResolveHook } from './esm-resolve-hook.js'
import type { NpmCommand } from './find-npm.js'
import { readInstalledPackages } from './installed-packages.js'
import type { EnsureNodeEnvOptions, InstalledPackage, NodeEnv } from './node-env.js'
import { writeNodeEnvMarker } from './node-env-marker.js'
import { removeStaleStaging } from './remove-stale-staging.js'
import { runNpm } from './run-npm.js'

/** `ensureNodeEnv`'s options plus what it has worked out. */
export interface BuildNodeEnvOptions extends EnsureNodeEnvOptions {
  readonly key: string
  /** `<envsRoot>/<key>`. */
  readonly path: string
  /** The bytes of the skill's lockfile, if any. */
  readonly lockfile: Uint8Array | undefined
  readonly npm: NpmCommand
}

// Specs npm resolves relative to the package.json, which in an isolated environment is not the skill.
const localSpec = /^(?:file:|link:|workspace:|\.{1,2}\/|\/|~\/)/

// A rename onto an existing, non-empty folder (EPERM on Windows): someone else finished first.
const targetTaken = new Set(['EEXIST', 'ENOTEMPTY', 'EPERM'])

/**
 * Builds the environment in `<envsRoot>/.staging-<key>-<random>`: a package.json with only a name
 * and the dependencies (the skill's own scripts never run), the lockfile beside it, then
 * `npm ci` (with a lockfile) or `npm install`, with `--ignore-scripts` unless scripts are allowed.
 * The marker is written last and the folder renamed to `path`, so `path` is absent or complete.
 * If another process put the environment in place first, its environment is used and ours
 * deleted. On failure the staging folder is removed and RUNTIME_ENV_BUILD_FAILED thrown.
 */
export async function buildNodeEnv(options: BuildNodeEnvOptions): Promise<NodeEnv> {
  await mkdir(options.envsRoot, { recursive: true })
  await removeStaleStaging(options.envsRoot)
  const staging = stagingPath(options.envsRoot, options.key)
  await mkdir(staging)
  try {
    const packages = await installInto(staging, options)
    await writeNodeEnvMarker(staging, {
      kind: 'node',
      key: options.key,
      node: process.version,
      allowScripts: options.allowScripts,
      dependencies: options.needs.dependencies,
      lockfile: options.needs.lockfile ?? null,
      packages,
      createdAt: new Date().toISOString(),
    })
    return await moveIntoPlace(staging, options, packages)
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw isSkillshipError(error) ? error : buildFailed(options, String(error), { cause: error })
  }
}

async function installInto(
  staging: string,
  options: BuildNodeEnvOptions,
): Promise<InstalledPackage[]> {
  const { dependencies, lockfile } = options.needs
  refuseLocalSpecs(options)
  const manifest = { name: `skillship-env-${options.key}`, private: true, dependencies }
  await writeFile(join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  if (options.lockfile !== undefined && lockfile !== undefined) {
    await writeFile(join(staging, basename(lockfile)), options.lockfile)
  }
  await writeEsmResolveHook(staging)
  const nodeModules = join(staging, 'node_modules')
  if (Object.keys(dependencies).length === 0) {
    await mkdir(nodeModules)
    return []
  }
  const args = [
    options.lockfile === undefined ? 'install' : 'ci',
    ...(options.allowScripts ? [] : ['--ignore-scripts']),
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
  ]
  options.onProgress?.(
    `building the Node environment ${options.key}: npm ${args.join(' ')}`,
    'step',
  )
  const outcome = await runNpm(options.npm, args, {
    cwd: staging,
    env: options.env,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  })
  if (outcome.exitCode !== 0) {
    const ended = outcome.signal === null ? `exit code ${outcome.exitCode}` : outcome.signal
    throw buildFailed(options, `npm ${args[0]} failed (${ended}):\n${outcome.stderrTail}`, {
      details: { npmArgs: args, exitCode: outcome.exitCode, stderrTail: outcome.stderrTail },
    })
  }
  const packages = await readInstalledPackages(nodeModules)
  if (packages === undefined) {
    throw buildFailed(options, 'npm succeeded but left no node_modules/.package-lock.json.')
  }
  await requireInstalled(nodeModules, Object.keys(dependencies), options)
  return packages
}

function refuseLocalSpecs(options: BuildNodeEnvOptions): void {
  const local = Object.entries(options.needs.dependencies).filter(([, spec]) =>
    localSpec.test(spec),
  )
  if (local.length === 0) return
  const listed = local.map(([name, spec]) => `${name}: ${spec}`).join(', ')
  throw buildFailed(
    options,
    `local dependencies cannot be installed into an isolated environment (${listed}).`,
    { hint: 'Depend on published packages, or bundle the local code inside the skill’s scripts.' },
  )
}

async function requireInstalled(
  nodeModules: string,
  names: readonly string[],
  options: BuildNodeEnvOptions,
): Promise<void> {
  for (const name of names) {
    try {
      await stat(join(nodeModules, name, 'package.json'))
    } catch (error) {
      throw buildFailed(options, `npm succeeded but ${name} is not in node_modules.`, {
        cause: error,
      })
    }
  }
}

async function moveIntoPlace(
  staging: string,
  options: BuildNodeEnvOptions,
  packages: InstalledPackage[],
): Promise<NodeEnv> {
  try {
    await rename(staging, options.path)
  } catch (error) {
    if (!targetTaken.has(errnoCode(error) ?? '')) throw error
    const winner = await checkNodeEnv(options.path)
    await rm(staging, { recursive: true, force: true })
    return winner
  }
  const nodeModules = join(options.path, 'node_modules')
  return { key: options.key, path: options.path, nodeModules, reused: false, packages }
}

function buildFailed(
  options: BuildNodeEnvOptions,
  problem: string,
  extra: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
): SkillshipError {
  const packageJson = join(options.skillDir, options.needs.packageJson)
  return new SkillshipError(
    RuntimeErrorCode.EnvBuildFailed,
    `Building the Node environment for ${options.skillDir} failed: ${problem}`,
    {
      hint:
        extra.hint ??
        `Check the dependencies in ${packageJson} and your npm registry and proxy settings ` +
          '(npm config list); nothing was put in place.',
      path: packageJson,
      ...(extra.cause === undefined ? {} : { cause: extra.cause }),
      ...(extra.details === undefined ? {} : { details: extra.details }),
    },
  )
}
