import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import { pathExists } from '../../shared/helpers.js'
import type { LockedPythonPackage } from './locked-python-package.js'
import { envCorrupt, envMissing } from './python-env-errors.js'

/** The marker's file name inside an environment; written last, so its presence means "complete". */
export const pythonEnvMarkerFile = 'skillship-env.json'

/** What an environment holds and how it was made, as written in its marker. */
export interface PythonEnvMarker {
  /** Equal to the environment's folder name. */
  readonly key: string
  readonly kind: 'python'
  readonly interpreter: { readonly path: string; readonly version: string }
  /** The requirements it was built for, as given. */
  readonly requirements: readonly string[]
  readonly packages: readonly LockedPythonPackage[]
  readonly installer: 'pip' | 'uv'
  /** ISO 8601. */
  readonly createdAt: string
}

/** The marker as written: stable key order, two-space indent, final newline. */
export function serializePythonEnvMarker(marker: PythonEnvMarker): string {
  return `${JSON.stringify(marker, null, 2)}\n`
}

/**
 * Reads and checks `<envPath>/skillship-env.json`. Throws RUNTIME_ENV_MISSING when `envPath` does
 * not exist and RUNTIME_ENV_CORRUPT when the marker is missing, unreadable or malformed.
 */
export async function readPythonEnvMarker(envPath: string): Promise<PythonEnvMarker> {
  const file = join(envPath, pythonEnvMarkerFile)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOTDIR') throw envCorrupt(envPath, 'it is not a folder', error)
    if (errnoCode(error) !== 'ENOENT') throw error
    if (!(await pathExists(envPath))) throw envMissing(envPath)
    throw envCorrupt(envPath, `its marker ${pythonEnvMarkerFile} is missing`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw envCorrupt(envPath, `its marker ${pythonEnvMarkerFile} is not JSON`, error)
  }
  if (!isPythonEnvMarker(parsed)) {
    throw envCorrupt(envPath, `its marker ${pythonEnvMarkerFile} is malformed`)
  }
  return parsed
}

function isPythonEnvMarker(value: unknown): value is PythonEnvMarker {
  if (!isJsonRecord(value) || !isJsonRecord(value['interpreter'])) return false
  const { key, kind, requirements, packages, installer, createdAt } = value
  return (
    typeof key === 'string' &&
    kind === 'python' &&
    typeof value['interpreter']['path'] === 'string' &&
    typeof value['interpreter']['version'] === 'string' &&
    isStringArray(requirements) &&
    Array.isArray(packages) &&
    packages.every(isLockedPackage) &&
    (installer === 'pip' || installer === 'uv') &&
    typeof createdAt === 'string'
  )
}

function isLockedPackage(value: unknown): value is LockedPythonPackage {
  return (
    isJsonRecord(value) &&
    typeof value['name'] === 'string' &&
    typeof value['version'] === 'string' &&
    (value['hashes'] === undefined || isStringArray(value['hashes']))
  )
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string')
}
