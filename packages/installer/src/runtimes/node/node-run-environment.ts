import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { esmRegisterName } from './esm-resolve-hook.js'
import type { NodeEnv } from './node-env.js'

/**
 * The environment variables to run a skill's Node script with: `base` plus NODE_PATH set to the
 * environment's node_modules (for `require`), its `node_modules/.bin` first on PATH, and
 * NODE_OPTIONS extended with `--import` of the environment's resolve hook, because ESM `import`
 * ignores NODE_PATH: the hook retries bare specifiers not found from the script in the environment.
 * Nothing is written into the skill's folder.
 */
export function nodeRunEnvironment(
  env: NodeEnv,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...base }
  // Windows spells it Path; update the existing key rather than add a second one.
  const pathKey = Object.keys(base).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH'
  const bin = join(env.nodeModules, '.bin')
  const oldPath = base[pathKey]
  result[pathKey] = oldPath === undefined || oldPath === '' ? bin : `${bin}${delimiter}${oldPath}`
  result['NODE_PATH'] = env.nodeModules
  // A file URL has no spaces (they are percent-encoded), so NODE_OPTIONS cannot split it.
  const hook = `--import=${pathToFileURL(join(env.path, esmRegisterName)).href}`
  const options = base['NODE_OPTIONS']
  result['NODE_OPTIONS'] =
    options === undefined || options.trim() === '' ? hook : `${options} ${hook}`
  return result
}
