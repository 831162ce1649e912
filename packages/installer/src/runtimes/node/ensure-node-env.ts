import { readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode, isSkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { buildNodeEnv } from './build-node-env.js'
import { checkNodeEngines } from './check-node-engines.js'
import { checkNodeEnv } from './check-node-env.js'
import { trashPath } from './env-folder-names.js'
import { findNpm } from './find-npm.js'
import type { EnsureNodeEnvOptions, NodeEnv } from './node-env.js'
import { nodeEnvKey } from './node-env-key.js'

/**
 * The Node environment for a skill's needs: reused when `<envsRoot>/<key>` is complete (no
 * process spawned), else built (see `buildNodeEnv`). A damaged environment is moved aside and
 * built again. RUNTIME_NODE_UNSUPPORTED when `engines.node` rejects this Node or npm is missing.
 */
export async function ensureNodeEnv(options: EnsureNodeEnvOptions): Promise<NodeEnv> {
  checkNodeEngines(options.skillDir, options.needs)
  const lockfile =
    options.needs.lockfile === undefined
      ? undefined
      : await readFile(join(options.skillDir, options.needs.lockfile))
  const key = nodeEnvKey({
    dependencies: options.needs.dependencies,
    lockfile,
    allowScripts: options.allowScripts,
    nodeVersion: process.versions.node,
  })
  const path = join(options.envsRoot, key)
  const existing = await reusableEnv(options, key, path)
  if (existing !== undefined) return existing
  const npm = await findNpm(options.env)
  return buildNodeEnv({ ...options, key, path, lockfile, npm })
}

async function reusableEnv(
  options: EnsureNodeEnvOptions,
  key: string,
  path: string,
): Promise<NodeEnv | undefined> {
  try {
    return await checkNodeEnv(path)
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    if (error.code === RuntimeErrorCode.EnvMissing) return undefined
    if (error.code !== RuntimeErrorCode.EnvCorrupt) throw error
    options.onProgress?.(`${error.message} Building it again.`, 'warning')
    await discard(options.envsRoot, key, path)
    return undefined
  }
}

// Moved aside first, so that the final path is free at once and no reader sees a half-deleted folder.
async function discard(envsRoot: string, key: string, path: string): Promise<void> {
  const trash = trashPath(envsRoot, key)
  try {
    await rename(path, trash)
  } catch (error) {
    // Another process discarded it already.
    if (errnoCode(error) === 'ENOENT') return
    throw error
  }
  await rm(trash, { recursive: true, force: true })
}
