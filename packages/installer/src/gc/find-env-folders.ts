import type { Dirent } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'

/** One environment folder in the envs folder. */
export interface EnvFolder {
  /** The environment's key, its folder name. */
  readonly key: string
  readonly dir: string
}

// Python and Node environment keys alike: 32 hex digits. Staging and trash folders, the unpacked
// pip (`.pip`) and anything else start otherwise and are never taken for environments.
const envKey = /^[0-9a-f]{32}$/

/** Every environment folder in `envsRoot` (none when it does not exist). */
export async function findEnvFolders(envsRoot: string): Promise<EnvFolder[]> {
  let entries: Dirent[]
  try {
    entries = await readdir(envsRoot, { withFileTypes: true })
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return []
    throw error
  }
  return entries
    .filter((entry) => entry.isDirectory() && envKey.test(entry.name))
    .map((entry) => ({ key: entry.name, dir: join(envsRoot, entry.name) }))
}
