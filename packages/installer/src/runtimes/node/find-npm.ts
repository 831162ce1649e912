import { constants } from 'node:fs'
import { access, realpath, stat } from 'node:fs/promises'
import { delimiter, dirname, join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'

/** How to start npm: `command` with `args` before npm's own arguments. */
export interface NpmCommand {
  readonly command: string
  readonly args: readonly string[]
}

/**
 * Finds npm: `npm` on the PATH of `env`, else the npm bundled beside `execPath`. A JavaScript
 * entry point is run with `execPath`, so npm (and node-gyp, when scripts are allowed) uses the Node
 * that skillship runs on, the one the environment's key is computed for, and so that Windows
 * `.cmd` shims are never spawned. RUNTIME_NODE_UNSUPPORTED when there is none.
 */
export async function findNpm(
  env: NodeJS.ProcessEnv,
  execPath: string = process.execPath,
): Promise<NpmCommand> {
  for (const dir of pathEntries(env)) {
    const found = await npmIn(dir, execPath)
    if (found !== undefined) return found
  }
  const bundled = [
    join(dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(dirname(execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ]
  for (const cli of bundled) {
    if (await isFile(cli)) return { command: execPath, args: [cli] }
  }
  throw new SkillshipError(
    RuntimeErrorCode.NodeUnsupported,
    `npm was not found on PATH or beside ${execPath}; it is needed to build Node environments.`,
    { hint: 'Install npm (it ships with Node.js) or add the folder holding it to PATH.' },
  )
}

function pathEntries(env: NodeJS.ProcessEnv): string[] {
  // Windows spells it Path; the lookup must not depend on the case.
  const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH')
  const value = key === undefined ? undefined : env[key]
  return (value ?? '').split(delimiter).filter((dir) => dir !== '')
}

async function npmIn(dir: string, execPath: string): Promise<NpmCommand | undefined> {
  if (process.platform === 'win32') {
    const cli = join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js')
    if ((await isFile(join(dir, 'npm.cmd'))) && (await isFile(cli))) {
      return { command: execPath, args: [cli] }
    }
    return undefined
  }
  const candidate = join(dir, 'npm')
  if (!(await isExecutableFile(candidate))) return undefined
  const target = await realpath(candidate)
  return /\.[cm]?js$/.test(target)
    ? { command: execPath, args: [target] }
    : { command: candidate, args: [] }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    // Missing or unreadable: not a usable npm, look further.
    return false
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  if (!(await isFile(path))) return false
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    // Not executable by this user: not a usable npm.
    return false
  }
}
