import { realpath } from 'node:fs/promises'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import {
  listPythonCandidates,
  type PythonCandidate,
  type PythonOrigin,
} from './list-python-candidates.js'
import {
  type CachedProbe,
  type FileIdentity,
  fileIdentity,
  type ProbeCache,
  type ProbeCacheEntry,
  readProbeCache,
  sameIdentity,
  writeProbeCache,
} from './probe-cache.js'
import { probePython } from './probe-python.js'

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
