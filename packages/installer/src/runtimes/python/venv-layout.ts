import { join } from 'node:path'
import { readDirIfExists } from '../../shared/helpers.js'

const windows = process.platform === 'win32'

/** The folder of a venv's executables (`bin`, `Scripts` on Windows). */
export function venvBinDir(envPath: string): string {
  return join(envPath, windows ? 'Scripts' : 'bin')
}

/** The venv's own interpreter: run this (or scripts through it) to use the environment. */
export function venvPython(envPath: string): string {
  return join(venvBinDir(envPath), windows ? 'python.exe' : 'python')
}

/** The venv's site-packages folders (`lib/python3.X/site-packages`, `Lib/site-packages`). */
export async function sitePackagesDirs(envPath: string): Promise<string[]> {
  if (windows) return [join(envPath, 'Lib', 'site-packages')]
  const lib = join(envPath, 'lib')
  const names = await readDirIfExists(lib)
  return names
    .filter((name) => name.startsWith('python') || name.startsWith('pypy'))
    .map((name) => join(lib, name, 'site-packages'))
}
