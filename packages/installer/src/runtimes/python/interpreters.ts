import { readFile, realpath, stat } from 'node:fs/promises'
import { basename, delimiter, isAbsolute, join } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { compareText, isJsonRecord } from '@skillship/core/plain-data'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { readDirIfExists } from '../../shared/helpers.js'
import { probePython } from './probe-python.js'
import {
  type CachedProbe,
  cacheVersion,
  type FileIdentity,
  type ProbeCache,
  type ProbeCacheEntry,
  probeCacheFile,
  writeProbeCache,
} from './python-probe-cache.js'
import { comparePep440Versions, parsePep440Version } from './requirements.js'

/** A working Python interpreter on this machine. */
export interface PythonInterpreter {
  /** The path it was found at (not resolved, so a PATH entry keeps its name). */
  readonly path: string
  /** major.minor.micro, e.g. `3.11.7`. */
  readonly version: string
  readonly origin: PythonOrigin
}

export interface FindPythonInterpretersOptions {
  /** Read for SKILLSHIP_PYTHON, PATH, PYENV_ROOT and HOME; passed to the probes. */
  readonly env: NodeJS.ProcessEnv
  /**
   * Where probe results are cached (`<cacheDir>/python-interpreters.json`, e.g. under
   * `~/.skillship/cache`). Without it every candidate is run.
   */
  readonly cacheDir?: string
}

// A candidate path that cannot be resolved is simply not an interpreter.
const unresolvable = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES', 'EPERM'])

/** A candidate that exists, with its real path and that file's identity. */
interface ResolvedCandidate extends PythonCandidate {
  readonly realPath: string
  readonly file: FileIdentity
}

/**
 * Every working interpreter named by SKILLSHIP_PYTHON, PATH and pyenv, in that order of preference
 * (see listPythonCandidates), each real executable once. Candidates are deduplicated by real path
 * before running, then probed concurrently with one spawn each; candidates that do not run as
 * Python are left out. A SKILLSHIP_PYTHON that does not run throws RUNTIME_PYTHON_NOT_FOUND: the
 * user asked for that interpreter explicitly.
 *
 * With `cacheDir`, a candidate whose real path, device, inode, size, mtime and ctime (and those
 * of the executable it reported, when that is another file, as for a wrapper script) are those
 * recorded is not run again: a warm discovery costs a few directory reads and stats (~2 ms
 * instead of ~90 ms). Upgrading, replacing, touching or chmod-ing an executable re-probes it.
 * Failures that could be passing (a timeout, a spawn error) are never cached.
 */
export async function findPythonInterpreters(
  options: FindPythonInterpretersOptions,
): Promise<PythonInterpreter[]> {
  const [candidates, cache] = await Promise.all([
    listPythonCandidates(options.env).then(resolveCandidates),
    options.cacheDir === undefined ? undefined : readProbeCache(options.cacheDir),
  ])
  const results = await Promise.all(
    candidates.map((candidate) => probeOrRecall(candidate, cache, options.env)),
  )
  if (options.cacheDir !== undefined && cache !== undefined) {
    await rememberProbes(options.cacheDir, candidates, results, cache)
  }
  const seen = new Set<string>()
  const found: PythonInterpreter[] = []
  for (const [index, { probe }] of results.entries()) {
    const candidate = candidates[index] as ResolvedCandidate
    if (!probe.ok) {
      if (candidate.origin === 'SKILLSHIP_PYTHON')
        throw explicitBroken(candidate.path, probe.reason)
      continue
    }
    if (seen.has(probe.executable)) continue
    seen.add(probe.executable)
    found.push({ path: candidate.path, version: probe.version, origin: candidate.origin })
  }
  return found
}

/** A probe's outcome and the cache entry to keep for it (undefined: not cacheable). */
interface ProbeResult {
  readonly probe: CachedProbe
  readonly entry: ProbeCacheEntry | undefined
  readonly fresh: boolean
}

async function probeOrRecall(
  candidate: ResolvedCandidate,
  cache: ProbeCache | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ProbeResult> {
  const cached = cache?.get(candidate.realPath)
  if (cached !== undefined && (await stillValid(cached, candidate.file))) {
    return { probe: cached.probe, entry: cached, fresh: false }
  }
  const probe = await probePython(candidate.path, env)
  if (!probe.ok) {
    const failure: CachedProbe = { ok: false, reason: probe.reason }
    const entry = probe.transient ? undefined : { file: candidate.file, probe: failure }
    return { probe: failure, entry, fresh: true }
  }
  const { version, executable } = probe
  if (executable === candidate.realPath) {
    return {
      probe,
      entry: { file: candidate.file, probe: { ok: true, version, executable } },
      fresh: true,
    }
  }
  const executableFile = await fileIdentity(executable)
  const recorded: CachedProbe =
    executableFile === undefined
      ? { ok: true, version, executable }
      : { ok: true, version, executable, executableFile }
  // An executable that vanished right after answering is not worth remembering.
  const entry = executableFile === undefined ? undefined : { file: candidate.file, probe: recorded }
  return { probe: recorded, entry, fresh: true }
}

async function stillValid(entry: ProbeCacheEntry, file: FileIdentity): Promise<boolean> {
  if (!sameIdentity(entry.file, file)) return false
  const { probe } = entry
  if (!probe.ok || probe.executableFile === undefined) return true
  return sameIdentity(probe.executableFile, await fileIdentity(probe.executable))
}

// Writes only when something was probed: a warm discovery reads the cache and writes nothing.
async function rememberProbes(
  cacheDir: string,
  candidates: readonly ResolvedCandidate[],
  results: readonly ProbeResult[],
  previous: ProbeCache,
): Promise<void> {
  if (!results.some(({ fresh }) => fresh)) return
  const current = new Map<string, ProbeCacheEntry>()
  for (const [index, { entry }] of results.entries()) {
    const candidate = candidates[index] as ResolvedCandidate
    if (entry !== undefined) current.set(candidate.realPath, entry)
  }
  // Entries of other candidates are kept; a stale entry of a candidate seen now but not
  // cacheable this time (a transient failure) is dropped.
  const others = new Map(previous)
  for (const candidate of candidates) others.delete(candidate.realPath)
  await writeProbeCache(cacheDir, current, others)
}

// The candidates that exist, each real file once (the first, most preferred, spelling wins).
async function resolveCandidates(
  candidates: readonly PythonCandidate[],
): Promise<ResolvedCandidate[]> {
  const resolved = await Promise.all(
    candidates.map(async (candidate) => {
      const realPath = await realPathIfExists(candidate.path)
      const file = realPath === undefined ? undefined : await fileIdentity(realPath)
      return realPath === undefined || file === undefined
        ? undefined
        : { ...candidate, realPath, file }
    }),
  )
  const seen = new Set<string>()
  return candidates.flatMap((candidate, index) => {
    const found = resolved[index]
    if (found === undefined) {
      if (candidate.origin === 'SKILLSHIP_PYTHON') throw explicitBroken(candidate.path, 'not found')
      return []
    }
    if (seen.has(found.realPath)) return []
    seen.add(found.realPath)
    return [found]
  })
}

async function realPathIfExists(path: string): Promise<string | undefined> {
  try {
    return await realpath(path)
  } catch (error) {
    if (unresolvable.has(errnoCode(error) ?? '')) return undefined
    throw error
  }
}

function explicitBroken(path: string, reason: string): SkillshipError {
  return new SkillshipError(
    RuntimeErrorCode.PythonNotFound,
    `SKILLSHIP_PYTHON is set to ${path}, which does not run as Python: ${reason}.`,
    {
      hint:
        'Point SKILLSHIP_PYTHON at a working interpreter (e.g. ~/.pyenv/versions/3.12.1/bin/python3), ' +
        'or unset it to search PATH and pyenv.',
      path,
      details: { reason },
    },
  )
}

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

// Reading the probe cache back; its format and its writer are in python-probe-cache.ts.

/** The identity of the file at `path` (following links); undefined when it is gone. */
export async function fileIdentity(path: string): Promise<FileIdentity | undefined> {
  try {
    const stats = await stat(path, { bigint: true })
    return {
      dev: String(stats.dev),
      ino: String(stats.ino),
      size: String(stats.size),
      mtimeNs: String(stats.mtimeNs),
      ctimeNs: String(stats.ctimeNs),
    }
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return undefined
    throw error
  }
}

/** True when both describe the same state of the same file. */
export function sameIdentity(a: FileIdentity, b: FileIdentity | undefined): boolean {
  return (
    b !== undefined &&
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  )
}

/**
 * The cache in `cacheDir`; empty when there is none. It is only a cache: content that is not
 * JSON of this shape (another version, a torn manual edit) reads as empty and is replaced by the
 * next write. Failing to read an existing file (EACCES) throws.
 */
export async function readProbeCache(cacheDir: string): Promise<ProbeCache> {
  let text: string
  try {
    text = await readFile(join(cacheDir, probeCacheFile), 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return new Map()
    throw error
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return new Map()
  }
  if (
    !isJsonRecord(value) ||
    value['version'] !== cacheVersion ||
    !isJsonRecord(value['interpreters'])
  ) {
    return new Map()
  }
  const entries = Object.entries(value['interpreters']).filter(
    (pair): pair is [string, ProbeCacheEntry] => isEntry(pair[1]),
  )
  return new Map(entries)
}

function isEntry(value: unknown): value is ProbeCacheEntry {
  if (!isJsonRecord(value) || !isIdentity(value['file']) || !isJsonRecord(value['probe']))
    return false
  const probe = value['probe']
  if (probe['ok'] === false) return typeof probe['reason'] === 'string'
  return (
    probe['ok'] === true &&
    typeof probe['version'] === 'string' &&
    typeof probe['executable'] === 'string' &&
    (probe['executableFile'] === undefined || isIdentity(probe['executableFile']))
  )
}

function isIdentity(value: unknown): value is FileIdentity {
  return (
    isJsonRecord(value) &&
    ['dev', 'ino', 'size', 'mtimeNs', 'ctimeNs'].every((key) => typeof value[key] === 'string')
  )
}
