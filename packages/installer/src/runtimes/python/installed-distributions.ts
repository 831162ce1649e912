import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { compareText } from '@skillship/core/plain-data'
import { readDirIfExists, sitePackagesDirs } from '../../shared/helpers.js'
import type { LockedPythonPackage } from './python-env.js'
import { normalizePackageName } from './requirements.js'

// `<name>.dist-info/METADATA` (wheels) or `<name>.egg-info/PKG-INFO` (legacy setup.py installs).
const metadataFiles = [
  { suffix: '.dist-info', file: 'METADATA' },
  { suffix: '.egg-info', file: 'PKG-INFO' },
] as const

/**
 * The distributions installed in the venv at `envPath` (name normalised, version), read from their
 * metadata files without running Python, sorted by name. Hashes are unknown here.
 */
export async function listInstalledDistributions(envPath: string): Promise<LockedPythonPackage[]> {
  const dirs = await sitePackagesDirs(envPath)
  const perDir = await Promise.all(dirs.map((dir) => distributionsIn(dir)))
  return perDir.flat().sort((a, b) => compareText(a.name, b.name))
}

async function distributionsIn(dir: string): Promise<LockedPythonPackage[]> {
  const names = await readDirIfExists(dir)
  const found = await Promise.all(
    names.map(async (name) => {
      const kind = metadataFiles.find(({ suffix }) => name.endsWith(suffix))
      return kind === undefined ? undefined : readNameAndVersion(join(dir, name, kind.file))
    }),
  )
  return found.filter((entry) => entry !== undefined)
}

async function readNameAndVersion(file: string): Promise<LockedPythonPackage | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    // An egg-info that is a plain file, or a metadata folder without its file: not a distribution.
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined
    throw error
  }
  const headers = text.split(/\r?\n\r?\n/, 1)[0] ?? ''
  const name = /^Name:[ \t]*(.+?)\s*$/im.exec(headers)?.[1]
  const version = /^Version:[ \t]*(.+?)\s*$/im.exec(headers)?.[1]
  return name === undefined || version === undefined
    ? undefined
    : { name: normalizePackageName(name), version }
}

/** The pip version installed in a venv, from its dist-info, or undefined without pip. */
export function pipVersionOf(installed: readonly LockedPythonPackage[]): string | undefined {
  return installed.find(({ name }) => name === 'pip')?.version
}
