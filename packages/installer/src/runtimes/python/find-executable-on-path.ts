import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { delimiter, isAbsolute, join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'

const suffixes = process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']
const notThere = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM'])

/** The first executable `name` in the absolute folders of `env.PATH`, like `command -v`. */
export async function findExecutableOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((dir) => isAbsolute(dir))
  for (const dir of dirs) {
    for (const suffix of suffixes) {
      const candidate = join(dir, `${name}${suffix}`)
      if (await isExecutable(candidate)) return candidate
    }
  }
  return undefined
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch (error) {
    if (notThere.has(errnoCode(error) ?? '')) return false
    throw error
  }
}
