import { basename, delimiter, isAbsolute, join } from 'node:path'
import { compareText } from '@skillship/core/plain-data'
import { readDirIfExists } from '../../shared/helpers.js'
import { comparePep440Versions, parsePep440Version } from './pep440-version.js'

/** Where an interpreter was found; also the order of preference. */
export type PythonOrigin = 'SKILLSHIP_PYTHON' | 'PATH' | 'pyenv'

/** A path that may be a Python interpreter, not yet run. */
export interface PythonCandidate {
  readonly path: string
  readonly origin: PythonOrigin
}

const exeSuffix = process.platform === 'win32' ? '(?:\\.exe)?' : ''
// python3, python3.6 .. python3.20, python: the names installers put on PATH.
const pythonName = new RegExp(`^python(?:3(?:\\.(?<minor>[0-9]{1,2}))?)?${exeSuffix}$`, 'i')
const minMinor = 6
const maxMinor = 20

// Folders that hold a directory listing the caller cannot read or that do not exist are normal
// on PATH; anything else is a real failure.
const unreadableDir: ReadonlySet<string> = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM'])

/**
 * The interpreter candidates named by `env`, most preferred first: SKILLSHIP_PYTHON, then python3,
 * python3.N (newest first) and python in each PATH folder in PATH order, then every pyenv version
 * (`$PYENV_ROOT/versions/<v>/bin/python3`, else `.../python`, newest first). Folders named `shims` (pyenv, asdf,
 * mise) are skipped: their entries are wrapper scripts that pick a version per directory.
 */
export async function listPythonCandidates(env: NodeJS.ProcessEnv): Promise<PythonCandidate[]> {
  const explicit = env['SKILLSHIP_PYTHON']
  const [onPath, inPyenv] = await Promise.all([pathCandidates(env), pyenvCandidates(env)])
  return [
    ...(explicit === undefined || explicit === ''
      ? []
      : [{ path: explicit, origin: 'SKILLSHIP_PYTHON' as const }]),
    ...onPath,
    ...inPyenv,
  ]
}

async function pathCandidates(env: NodeJS.ProcessEnv): Promise<PythonCandidate[]> {
  // Relative PATH entries (and the empty one, meaning the current folder) are not trusted.
  const dirs = [...new Set((env['PATH'] ?? '').split(delimiter))].filter(
    (dir) => isAbsolute(dir) && basename(dir) !== 'shims',
  )
  const perDir = await Promise.all(dirs.map((dir) => pythonsIn(dir)))
  return perDir.flat().map((path) => ({ path, origin: 'PATH' as const }))
}

async function pythonsIn(dir: string): Promise<string[]> {
  const names = await readDirIfExists(dir, unreadableDir)
  const found = names.flatMap((name) => {
    const match = pythonName.exec(name)
    if (match === null) return []
    const minor = match.groups?.['minor']
    if (minor !== undefined && (Number(minor) < minMinor || Number(minor) > maxMinor)) return []
    return [{ name, rank: nameRank(name, minor) }]
  })
  return found.sort((a, b) => a.rank - b.rank).map(({ name }) => join(dir, name))
}

// python3 first (the distribution's default), then python3.N newest first, then bare python.
function nameRank(name: string, minor: string | undefined): number {
  if (minor !== undefined) return 100 - Number(minor)
  return /^python3/i.test(name) ? 0 : 1000
}

async function pyenvCandidates(env: NodeJS.ProcessEnv): Promise<PythonCandidate[]> {
  const home = env['HOME']
  const root = env['PYENV_ROOT'] || (home ? join(home, '.pyenv') : undefined)
  if (root === undefined) return []
  const versions = join(root, 'versions')
  const names = newestFirst(await readDirIfExists(versions, unreadableDir))
  const perVersion = await Promise.all(
    names.map(async (name) => {
      const bin = join(versions, name, 'bin')
      const executables = await readDirIfExists(bin, unreadableDir)
      const pick = ['python3', 'python'].find((candidate) => executables.includes(candidate))
      return pick === undefined ? [] : [{ path: join(bin, pick), origin: 'pyenv' as const }]
    }),
  )
  return perVersion.flat()
}

// Version folders newest first; other names (virtualenvs, `system`) after them, by name.
function newestFirst(names: readonly string[]): string[] {
  const keyed = names.map((name) => ({ name, version: parsePep440Version(name) }))
  return keyed
    .sort((a, b) => {
      if (a.version && b.version) return comparePep440Versions(b.version, a.version)
      if (a.version || b.version) return a.version ? -1 : 1
      return compareText(a.name, b.name)
    })
    .map(({ name }) => name)
}
