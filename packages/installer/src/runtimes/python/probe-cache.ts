import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { compareText, isJsonRecord } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'

/** The cache file inside the cache folder. */
export const probeCacheFile = 'python-interpreters.json'

/**
 * What identifies one state of an executable file: replacing, rewriting, touching or chmod-ing it
 * changes one of these. Decimal strings, so nanoseconds and 64-bit inodes survive JSON.
 */
export interface FileIdentity {
  readonly dev: string
  readonly ino: string
  readonly size: string
  readonly mtimeNs: string
  readonly ctimeNs: string
}

/** A remembered probe: ok with what the interpreter said, or a failure that will repeat. */
export type CachedProbe =
  | {
      readonly ok: true
      readonly version: string
      readonly executable: string
      /** The identity of `executable` when it is another file (the candidate is a wrapper). */
      readonly executableFile?: FileIdentity
    }
  | { readonly ok: false; readonly reason: string }

/** One cached candidate, keyed in the file by its real path. */
export interface ProbeCacheEntry {
  readonly file: FileIdentity
  readonly probe: CachedProbe
}

/** Real path -> entry. */
export type ProbeCache = ReadonlyMap<string, ProbeCacheEntry>

const cacheVersion = 1
// Entries of candidates this run did not see (another PATH, a removed version) are kept up to
// this many in all, so switching environments does not re-probe, yet the file stays small.
const maxEntries = 64

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

/**
 * Writes `current` (this run's candidates) plus entries of `previous` this run did not see, up
 * to the size limit, atomically. Two processes writing at once both leave a valid file; the
 * loser's new entries are probed again next time.
 */
export async function writeProbeCache(
  cacheDir: string,
  current: ProbeCache,
  previous: ProbeCache,
): Promise<void> {
  const merged = new Map(current)
  for (const [path, entry] of previous) {
    if (merged.size >= maxEntries) break
    if (!merged.has(path)) merged.set(path, entry)
  }
  const interpreters = Object.fromEntries([...merged].sort(([a], [b]) => compareText(a, b)))
  await mkdir(cacheDir, { recursive: true })
  const text = `${JSON.stringify({ version: cacheVersion, interpreters }, null, 2)}\n`
  await writeFileAtomic(join(cacheDir, probeCacheFile), text, { skipIfEqual: true })
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
