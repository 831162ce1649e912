import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { compareText } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'

// The interpreter probe cache file (`<cacheDir>/python-interpreters.json`): what it holds and how a
// discovery that probed something writes it. Reading it back happens on every discovery, the warm
// path a frozen install runs, and lives with discovery in interpreters.ts.

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

/** The format version written; a file of another version reads as empty. */
export const cacheVersion = 1
// Entries of candidates this run did not see (another PATH, a removed version) are kept up to
// this many in all, so switching environments does not re-probe, yet the file stays small.
const maxEntries = 64

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
