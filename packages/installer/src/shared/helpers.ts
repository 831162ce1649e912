import { lstatSync, mkdirSync, renameSync, rmSync, type Stats, writeFileSync } from 'node:fs'
import { lstat, readdir, readFile, rename, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { specInvalid } from '../source/spec-invalid.js'

// Filesystem calls for paths that may legitimately be missing: each answers "nothing there" for the
// expected errno codes and rethrows every other failure (never a swallowed error).
/** `stat` (following links), or undefined when nothing is there (or a parent is not a folder). */
export async function statIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path)
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
}

/** `lstat` (not following a final symlink), or undefined when nothing is at `path`. */
export async function lstatIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/**
 * `lstatIfExists` without the thread-pool round trip, for the per-placement hot path (one
 * install inspects and places hundreds of entries; each lstat is microseconds of work).
 */
export function lstatSyncIfExists(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false })
}

/** The UTF-8 text of the file at `path`, or undefined when there is no such file. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/** True when something exists at `path` (links followed); other failures than ENOENT throw. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}

const missing: ReadonlySet<string> = new Set(['ENOENT'])

/**
 * The names in `dir`, or none when it does not exist. `absent` lists the errno codes that count
 * as "not there" (default: ENOENT only); any other failure is thrown.
 */
export async function readDirIfExists(
  dir: string,
  absent: ReadonlySet<string> = missing,
): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if (absent.has(errnoCode(error) ?? '')) return []
    throw error
  }
}

/**
 * Renames `from` to `to`; false when `from` vanished first (another process moved or removed
 * it), which callers racing for the same folder treat as "nothing left to do".
 */
export async function renameIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to)
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}

/**
 * The folders that hold the relative `/`-separated `paths` (the root itself excluded), each once,
 * parents before their children: the order to create them in.
 */
export function ancestorFolders(paths: readonly string[]): string[] {
  const folders = new Set<string>()
  for (const path of paths) {
    for (let folder = dirname(path); folder !== '.'; folder = dirname(folder)) folders.add(folder)
  }
  // A parent is a prefix of its children, so it sorts first.
  return [...folders].sort()
}

/**
 * Replaces `path` with `text` in one rename (readers see the old file or the new one), without
 * an fsync: for records a crash may lose because they are made again. The temp file is removed
 * on any failure, which is rethrown.
 */
export function replaceFileSync(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temp, text)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/**
 * Runs `attempt`, which creates something directly inside `folder`; when it fails with ENOENT (the
 * folder is missing), makes `folder` (and its parents) and runs it once more. For folders that
 * nearly always exist: they cost no mkdir probe per call. Any other failure, and a second ENOENT,
 * is rethrown.
 */
export function inFolderMadeOnDemand<T>(folder: string, attempt: () => T): T {
  try {
    return attempt()
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error
  }
  mkdirSync(folder, { recursive: true })
  return attempt()
}

/** A JSON object read from a file, checked key by key; `fail` throws the caller's coded error. */
export interface JsonFields {
  readonly record: Readonly<Record<string, unknown>>
  readonly field: string
  readonly fail: (field: string, problem: string) => never
}

/**
 * Checks that `value` is a plain JSON object whose keys are all in `allowed` (unknown keys would be
 * dropped on the next write, so they are refused rather than silently discarded).
 */
export function jsonObject(
  value: unknown,
  field: string,
  fail: (field: string, problem: string) => never,
  allowed?: readonly string[],
): JsonFields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(field === '' ? '(root)' : field, 'must be an object')
  }
  const record = value as Record<string, unknown>
  const unknown =
    allowed === undefined ? undefined : Object.keys(record).find((key) => !allowed.includes(key))
  if (unknown !== undefined) fail(fieldPath(field, unknown), 'is not a known field')
  return { record, field, fail }
}

/** The string at `key`; required unless `optional`. Empty strings are refused. */
export function stringField(fields: JsonFields, key: string): string
export function stringField(fields: JsonFields, key: string, optional: true): string | undefined
export function stringField(fields: JsonFields, key: string, optional = false): string | undefined {
  const value = fields.record[key]
  if (value === undefined && optional) return undefined
  if (typeof value !== 'string' || value.trim() === '') {
    return fields.fail(fieldPath(fields.field, key), 'must be a non-empty string')
  }
  return value
}

/** `parent.key`, or `key` at the top level. */
export function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`
}

/**
 * `JSON.parse(text)`, or undefined when `text` is not JSON: for files skillship wrote whose
 * corruption means "not ours" rather than an error (JSON itself never parses to undefined).
 */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
}

/**
 * Calls `task(index)` for every index below `count`, at most `concurrency` at a time, and resolves
 * once all have settled successfully; the first rejection rejects the pool (remaining tasks still
 * started are awaited by nobody, so tasks must be safe to abandon).
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) await task(index)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

/** Longest skill name, as the Agent Skills specification allows. */
export const maxSkillNameLength = 64

const skillNamePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * True for a valid skill name: lowercase a-z and 0-9 in groups joined by single hyphens (no
 * leading, trailing or double hyphen), at most 64 characters. Such a name is always a safe
 * single path segment and never `__proto__`.
 */
export function isSkillName(name: string): boolean {
  return name.length <= maxSkillNameLength && skillNamePattern.test(name)
}

/** True for an absolute http: or https: URL. */
export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false
  const { protocol } = new URL(text)
  return protocol === 'http:' || protocol === 'https:'
}

// Exactly one sha512 SRI token: 64 bytes are 86 base64 characters plus "==".
const sriSha512 = /^sha512-([A-Za-z0-9+/]{86}==)$/

/** True when `integrity` is one canonical `sha512-<88 base64>` token: a valid store key. */
export function isSha512Integrity(integrity: string): boolean {
  return digestOf(integrity) !== undefined
}

export function digestOf(integrity: string): Buffer | undefined {
  const base64 = sriSha512.exec(integrity)?.[1]
  if (base64 === undefined) return undefined
  const digest = Buffer.from(base64, 'base64')
  // Several base64 spellings decode to the same bytes; only the canonical one is a key.
  return digest.toString('base64') === base64 ? digest : undefined
}

/** The folder of a venv's executables (`bin`, `Scripts` on Windows). */
export function venvBinDir(envPath: string): string {
  return join(envPath, windows ? 'Scripts' : 'bin')
}

/** The venv's own interpreter: run this (or scripts through it) to use the environment. */
export function venvPython(envPath: string): string {
  return join(venvBinDir(envPath), windows ? 'python.exe' : 'python')
}

const windows = process.platform === 'win32'

/** The venv's site-packages folders (`lib/python3.X/site-packages`, `Lib/site-packages`). */
export async function sitePackagesDirs(envPath: string): Promise<string[]> {
  if (windows) return [join(envPath, 'Lib', 'site-packages')]
  const lib = join(envPath, 'lib')
  const names = await readDirIfExists(lib)
  return names
    .filter((name) => name.startsWith('python') || name.startsWith('pypy'))
    .map((name) => join(lib, name, 'site-packages'))
}

const archiveSuffix = /\.(?:tgz|tar\.gz|zip)$/i

const loopbackHosts: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** True when a path or URL path names an archive the installer can unpack (.tgz, .tar.gz, .zip). */
export function isArchivePath(path: string): boolean {
  return archiveSuffix.test(path)
}

/** True when `text` starts like an http(s) URL (the caller then requires an archive URL). */
export function isHttpUrlText(text: string): boolean {
  return /^https?:\/\//i.test(text)
}

/**
 * Checks an archive URL and returns its normalized form. https is always allowed; http only for
 * loopback hosts (local test servers), since an unauthenticated download could be swapped on the
 * way. Credentials in the URL are refused: the lockfile would record them. The path must end in
 * .tgz, .tar.gz or .zip. Throws INSTALL_SPEC_INVALID otherwise.
 */
export function parseArchiveUrl(text: string): URL {
  const url = parseSpecUrl(text, text)
  if (!isAllowedDownloadUrl(url))
    throw specInvalid(text, 'archives are downloaded over https (http only from loopback hosts)')
  if (url.username !== '' || url.password !== '')
    throw specInvalid(text, 'credentials in URLs would be written to the lockfile')
  if (!isArchivePath(url.pathname))
    throw specInvalid(text, 'an archive URL must end in .tgz, .tar.gz or .zip')
  return url
}

/** True for https URLs, and http URLs of loopback hosts (the only plain-http downloads allowed). */
export function isAllowedDownloadUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname))
}

/** `value` (part of the spec `text`) as a URL; INSTALL_SPEC_INVALID when it is none. */
export function parseSpecUrl(text: string, value: string): URL {
  try {
    return new URL(value)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw specInvalid(text, 'not a valid URL', error)
  }
}
