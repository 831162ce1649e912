import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { errnoCode, isSkillshipError, SkillshipError } from '@skillship/core/errors'
import { compareText, isJsonRecord } from '@skillship/core/plain-data'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { pathExists, venvPython } from '../../shared/helpers.js'
import type { ToolProgress } from '../tool-progress.js'
import type { PythonInterpreter } from './interpreters.js'
import { matchesSpecifier } from './pep440-specifier.js'
import { envCorrupt, envMissing } from './python-env-errors.js'
import {
  comparePep440Versions,
  normalizePackageName,
  parsePep440Version,
  parseRequirement,
} from './requirements.js'

/** A ready environment. */
export interface PythonEnv {
  readonly key: string
  /** `<envsRoot>/<key>`. */
  readonly path: string
  /** The venv's python: run skill scripts with it. */
  readonly python: string
  readonly interpreterVersion: string
  readonly packages: readonly LockedPythonPackage[]
  /** True when this call found the environment already built (by anyone). */
  readonly reused: boolean
}

export interface EnsurePythonEnvOptions {
  /** The folder holding every environment (created when missing). */
  readonly envsRoot: string
  readonly interpreter: PythonInterpreter
  /** PEP 508 requirements, as declared by the skill. */
  readonly requirements: readonly string[]
  /** Install exactly these (a frozen install) instead of resolving `requirements`. */
  readonly locked?: readonly LockedPythonPackage[]
  /** Passed to venv, pip and uv; SKILLSHIP_PIP_ARGS, SKILLSHIP_USE_UV and PATH are read. */
  readonly env: NodeJS.ProcessEnv
  /** Every output line of venv, pip or uv while building. */
  readonly onProgress?: ToolProgress
}

/** What `findPythonEnv` found: a reusable environment, or the key a build must make. */
export type PythonEnvLookup =
  | { readonly found: PythonEnv }
  | {
      readonly found: undefined
      readonly root: string
      readonly key: string
      readonly locked: readonly LockedPythonPackage[] | undefined
    }

/**
 * The environment for the interpreter and requirements when one is ready to reuse (one marker
 * read and one stat), else the key to build (see ensurePythonEnv). A frozen install (`locked`)
 * reuses the plain environment when it holds exactly the locked packages, else uses its own key
 * (interpreter, requirements and lock). A damaged environment is reported and not reused.
 */
export async function findPythonEnv(options: EnsurePythonEnvOptions): Promise<PythonEnvLookup> {
  const root = resolve(options.envsRoot)
  const locked = options.locked === undefined ? undefined : normalizeLockedPackages(options.locked)
  const keyInput = {
    interpreterVersion: options.interpreter.version,
    requirements: options.requirements,
  }
  const plainKey = pythonEnvKey(keyInput)
  const plain = await existingEnv(root, plainKey, options.onProgress)
  if (plain !== undefined && (locked === undefined || satisfiesLock(plain.packages, locked))) {
    return { found: plain }
  }
  const key = locked === undefined ? plainKey : pythonEnvKey({ ...keyInput, locked })
  const found = key === plainKey ? undefined : await existingEnv(root, key, options.onProgress)
  return found !== undefined ? { found } : { found: undefined, root, key, locked }
}

async function existingEnv(
  root: string,
  key: string,
  onProgress: ToolProgress | undefined,
): Promise<PythonEnv | undefined> {
  const path = join(root, key)
  try {
    return envFrom(path, await checkPythonEnv(path), true)
  } catch (error) {
    if (!isEnvState(error)) throw error
    // Missing or damaged: the caller builds it, and placing the new one replaces a damaged one.
    if (error.code === RuntimeErrorCode.EnvCorrupt)
      onProgress?.(`${error.message} Rebuilding it.`, 'warning')
    return undefined
  }
}

function isEnvState(error: unknown): error is SkillshipError {
  return (
    isSkillshipError(error) &&
    (error.code === RuntimeErrorCode.EnvMissing || error.code === RuntimeErrorCode.EnvCorrupt)
  )
}

export function envFrom(path: string, marker: PythonEnvMarker, reused: boolean): PythonEnv {
  return {
    key: marker.key,
    path,
    python: venvPython(path),
    interpreterVersion: marker.interpreter.version,
    packages: marker.packages,
    reused,
  }
}

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

/** What identifies an environment: two inputs with the same key may share one venv. */
export interface PythonEnvKeyInput {
  /** The interpreter's major.minor.micro version. */
  readonly interpreterVersion: string
  readonly requirements: readonly string[]
  /** For a frozen install: the exact packages (normalised with normalizeLockedPackages). */
  readonly locked?: readonly LockedPythonPackage[]
}

// Bump when the meaning of an environment's content changes, so old keys are never reused.
const keyFormat = 'skillship-python-env/1'

/**
 * A stable 32-hex-digit key (a truncated SHA-256) of the interpreter version and the normalised,
 * sorted, deduplicated requirement set, plus the locked packages when given: the same inputs in
 * any order or spelling give the same key.
 */
export function pythonEnvKey(input: PythonEnvKeyInput): string {
  if (!/^\d+\.\d+\.\d+$/.test(input.interpreterVersion)) {
    throw new Error(`interpreterVersion must be major.minor.micro, got ${input.interpreterVersion}`)
  }
  const requirements = [...new Set(input.requirements.map(normalizeRequirement))].sort()
  const locked = input.locked?.map(({ name, version, hashes }) =>
    [`${name}==${version}`, ...(hashes ?? [])].join(' '),
  )
  const identity = JSON.stringify([
    keyFormat,
    input.interpreterVersion,
    requirements,
    locked ?? null,
  ])
  return createHash('sha256').update(identity).digest('hex').slice(0, 32)
}

/**
 * A PEP 508 requirement in one canonical spelling for keys, the one parseRequirement gives
 * (normalised name and extras, extras and clauses sorted, marker single-spaced):
 * `Foo_Bar >= 1, <2` -> `foo-bar<2,>=1`. Text that is not PEP 508 (a path or URL) only loses its
 * whitespace.
 */
export function normalizeRequirement(requirement: string): string {
  const parsed = parseRequirement(requirement)
  return parsed.ok ? parsed.requirement.text : requirement.replace(/\s+/g, '')
}

/** Locked packages in canonical form: normalised names, sorted by name, hashes sorted lowercase. */
export function normalizeLockedPackages(
  locked: readonly LockedPythonPackage[],
): LockedPythonPackage[] {
  return locked
    .map(({ name, version, hashes }) => ({
      name: normalizePackageName(name),
      version: version.trim(),
      ...(hashes === undefined
        ? {}
        : { hashes: [...new Set(hashes.map((h) => h.toLowerCase()))].sort() }),
    }))
    .sort((a, b) => compareText(a.name, b.name))
}

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

/** One installed distribution of an environment, as a lockfile records it. */
export interface LockedPythonPackage {
  /** The PEP 503 normalised name (`pyyaml`, `typing-extensions`). */
  readonly name: string
  readonly version: string
  /** `<algorithm>:<hex>` digests of the archive installed (`sha256:...`); absent when unknown. */
  readonly hashes?: readonly string[]
}

/**
 * True when `installed` holds exactly the name/version pairs of `locked` and, for every locked
 * package with hashes, was installed from an archive with one of those hashes.
 */
export function satisfiesLock(
  installed: readonly LockedPythonPackage[],
  locked: readonly LockedPythonPackage[],
): boolean {
  if (installed.length !== locked.length) return false
  const byName = new Map(installed.map((entry) => [entry.name, entry]))
  return locked.every((wanted) => {
    const have = byName.get(wanted.name)
    if (have === undefined || have.version !== wanted.version) return false
    if (wanted.hashes === undefined || wanted.hashes.length === 0) return true
    return have.hashes?.some((hash) => wanted.hashes?.includes(hash)) === true
  })
}

const originRank = { SKILLSHIP_PYTHON: 0, PATH: 1, pyenv: 2 } as const

// Hints suggest a released minor version: the newest satisfying one up to this, else the oldest
// satisfying one above it.
const newestKnownMinor = 13

const suggestableMinors = Array.from({ length: 15 }, (_, index) => 6 + index)

/**
 * The preferred interpreter of `found` (as findPythonInterpreters lists them) that satisfies
 * `requiresPython`: SKILLSHIP_PYTHON first, then PATH order, then the newest pyenv version. Python
 * 2 is taken only when a `requiresPython` is given and admits it. Throws RUNTIME_PYTHON_NOT_FOUND
 * listing what was found, and RUNTIME_DECLARATION_INVALID for a malformed specifier.
 */
export function selectInterpreter(
  found: readonly PythonInterpreter[],
  requiresPython: string | undefined,
): PythonInterpreter {
  const spec = requiresPython?.trim() || undefined
  const chosen = preferenceOrder(found).find((interpreter) => {
    if (spec === undefined) return !isPython2(interpreter.version)
    return matchesSpecifier(interpreter.version, spec)
  })
  if (chosen === undefined) throw notFound(found, spec)
  return chosen
}

function preferenceOrder(found: readonly PythonInterpreter[]): PythonInterpreter[] {
  // Array sort is stable: PATH entries keep their PATH order.
  return [...found].sort((a, b) => {
    const byOrigin = originRank[a.origin] - originRank[b.origin]
    if (byOrigin !== 0 || a.origin !== 'pyenv') return byOrigin
    return compareVersionText(b.version, a.version)
  })
}

function compareVersionText(a: string, b: string): number {
  const [left, right] = [parsePep440Version(a), parsePep440Version(b)]
  return left === undefined || right === undefined ? 0 : comparePep440Versions(left, right)
}

function isPython2(version: string): boolean {
  return version.startsWith('2.')
}

function notFound(found: readonly PythonInterpreter[], spec: string | undefined): SkillshipError {
  const wanted = spec === undefined ? 'Python 3' : `requires-python '${spec}'`
  const listed = found.map(({ path, version }) => `${path} (${version})`)
  const what = listed.length === 0 ? 'none' : listed.join(', ')
  const suggestion = suggestVersion(spec)
  const install =
    suggestion === undefined
      ? 'Install a matching Python (`pyenv install --list` shows what pyenv can build)'
      : `Install one, e.g. \`pyenv install ${suggestion}\``
  return new SkillshipError(
    RuntimeErrorCode.PythonNotFound,
    `No Python interpreter on this machine satisfies ${wanted}. Found: ${what}.`,
    {
      hint: `${install}, or set SKILLSHIP_PYTHON to the path of an interpreter that satisfies ${wanted}.`,
      details: { requiresPython: spec ?? null, found: found.map((entry) => ({ ...entry })) },
    },
  )
}

// A `pyenv install 3.N` target whose latest patch release satisfies the spec, if any.
function suggestVersion(spec: string | undefined): string | undefined {
  const satisfying = suggestableMinors.filter(
    (minor) => spec === undefined || matchesSpecifier(`3.${minor}.99`, spec),
  )
  const known = satisfying.filter((minor) => minor <= newestKnownMinor)
  const minor = known.at(-1) ?? satisfying[0]
  return minor === undefined ? undefined : `3.${minor}`
}
