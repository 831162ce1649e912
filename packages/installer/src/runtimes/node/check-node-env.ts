import { basename, join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { statIfExists } from '../../shared/helpers.js'
import { esmHookFiles } from './esm-resolve-hook.js'
import type { NodeEnv } from './node-env.js'
import { readNodeEnvMarker } from './node-env-marker.js'

/**
 * Checks the environment at `path` without spawning anything: RUNTIME_ENV_MISSING when the folder
 * does not exist; RUNTIME_ENV_CORRUPT when its marker is missing, damaged or names another key,
 * or `node_modules`, a direct dependency or the ESM hook is gone. Returns it as reused.
 */
export async function checkNodeEnv(path: string): Promise<NodeEnv> {
  const folder = await statIfExists(path)
  if (folder === undefined) {
    throw new SkillshipError(RuntimeErrorCode.EnvMissing, `No Node environment at ${path}.`, {
      hint: 'Install the skill again (skillship install) to build its environment.',
      path,
    })
  }
  if (!folder.isDirectory()) throw corrupt(path, 'it is not a folder')
  const read = await readNodeEnvMarker(path)
  if ('problem' in read) throw corrupt(path, read.problem)
  const { marker } = read
  if (marker.key !== basename(path)) throw corrupt(path, `its marker names key ${marker.key}`)
  const nodeModules = join(path, 'node_modules')
  const required = [
    ...Object.keys(marker.dependencies).map((name) => join(nodeModules, name, 'package.json')),
    ...esmHookFiles.map((name) => join(path, name)),
  ]
  const [modules, ...files] = await Promise.all([nodeModules, ...required].map(statIfExists))
  if (modules?.isDirectory() !== true) throw corrupt(path, 'node_modules is missing')
  const lost = files.indexOf(undefined)
  if (lost !== -1) throw corrupt(path, `${required[lost]} is missing`)
  return { key: marker.key, path, nodeModules, reused: true, packages: [...marker.packages] }
}

function corrupt(path: string, problem: string): SkillshipError {
  return new SkillshipError(
    RuntimeErrorCode.EnvCorrupt,
    `The Node environment at ${path} is damaged: ${problem}.`,
    {
      hint: `Delete ${path}; skillship builds it again the next time the skill is installed or run.`,
      path,
    },
  )
}
