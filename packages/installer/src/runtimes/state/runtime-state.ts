import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { compareText } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { InstallErrorCode } from '../../errors/install-error-codes.js'
import { readDirIfExists } from '../../shared/helpers.js'

/** The environments one installed skill runs with on this machine. */
export interface SkillRuntimeRecord {
  /** The integrity of the installed skill the environments were prepared for. */
  readonly integrity: string
  readonly python?: {
    readonly key: string
    /** The env folder (`<envsRoot>/<key>`). */
    readonly path: string
    /** The interpreter version the venv was made from (`3.11.7`). */
    readonly interpreter: string
  }
  readonly node?: { readonly key: string; readonly path: string }
}

/**
 * Which environment each installed skill of a project (or of the user scope) uses on this machine:
 * `<project>/.skillship/runtimes.json`. Machine-specific (env keys depend on the interpreter), so
 * it sits beside installed.json rather than in skillship.lock. Read by `skillship run`, `doctor`
 * and `gc`; written by install after every environment is ready.
 */
export interface RuntimeState {
  readonly version: 1
  readonly skills: Readonly<Record<string, SkillRuntimeRecord>>
}

export const emptyRuntimeState: RuntimeState = { version: 1, skills: {} }

/** The state at `path`; an absent file is the empty state. Anything unreadable is coded. */
export async function readRuntimeState(path: string): Promise<RuntimeState> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return emptyRuntimeState
    throw error
  }
  const value = parseJson(text, path)
  if (!isRuntimeState(value)) throw invalid(path)
  return value
}

/** Writes the state atomically (unchanged content is left alone). */
export async function writeRuntimeState(path: string, state: RuntimeState): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const sorted = Object.fromEntries(
    Object.entries(state.skills).sort(([a], [b]) => compareText(a, b)),
  )
  const text = `${JSON.stringify({ version: 1, skills: sorted }, null, 2)}\n`
  await writeFileAtomic(path, text, { skipIfEqual: true })
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) throw invalid(path, error)
    throw error
  }
}

function isRuntimeState(value: unknown): value is RuntimeState {
  if (typeof value !== 'object' || value === null) return false
  const { version, skills } = value as Record<string, unknown>
  if (version !== 1 || typeof skills !== 'object' || skills === null) return false
  return Object.values(skills).every(isRecord)
}

function isRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const { integrity, python, node } = value as Record<string, unknown>
  const env = (entry: unknown) =>
    entry === undefined ||
    (typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as Record<string, unknown>)['key'] === 'string' &&
      typeof (entry as Record<string, unknown>)['path'] === 'string')
  return typeof integrity === 'string' && env(python) && env(node)
}

function invalid(path: string, cause?: unknown): SkillshipError {
  return new SkillshipError(InstallErrorCode.VerifyFailed, `${path} is not a valid runtimes file`, {
    path,
    cause,
    hint: 'Delete it and run `skillship install` to write it again.',
  })
}

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
