import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { envCorrupt } from './python-env-errors.js'
import { type PythonEnvMarker, readPythonEnvMarker } from './python-env-marker.js'
import { venvPython } from './venv-layout.js'

/**
 * Checks the environment at `envPath` without running Python (one read, one stat: fast enough for
 * every run) and returns its marker. Throws RUNTIME_ENV_MISSING when the folder does not exist and
 * RUNTIME_ENV_CORRUPT when the marker is missing or malformed, names another key than the folder,
 * or the venv's python is gone (including a removed base interpreter it links to).
 */
export async function checkPythonEnv(envPath: string): Promise<PythonEnvMarker> {
  const marker = await readPythonEnvMarker(envPath)
  if (marker.key !== basename(envPath)) {
    throw envCorrupt(envPath, `its marker names key ${marker.key}, not its folder name`)
  }
  const python = venvPython(envPath)
  try {
    const stats = await stat(python)
    if (!stats.isFile()) throw envCorrupt(envPath, `${python} is not a file`)
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'ENOTDIR') throw error
    throw envCorrupt(
      envPath,
      `its interpreter ${python} (or the one it links to) is missing`,
      error,
    )
  }
  return marker
}
