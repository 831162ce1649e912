import { promisify } from 'node:util'
import { gunzip, gunzipSync } from 'node:zlib'
import { sha256Hex } from '@skillship/core/integrity'
import { defaultUnpackLimits } from '@skillship/core/node'
import { readTarEntries, type TarEntry } from '@skillship/core/read-tar-entries'
import { loadFailed } from './load-failed.js'
import type { LoadedFile } from './loaded-skill.js'
import type { VersionContent } from './version-content.js'

const gunzipAsync = promisify(gunzip)

// The publish refused archives that decompress past the tree limit plus tar framing (a header
// and padding per entry, 4 MiB of pax records); anything bigger is not what was published.
const maxTarBytes =
  defaultUnpackLimits.maxTotalBytes +
  (defaultUnpackLimits.maxFiles * 2 + 2) * 3 * 512 +
  4 * 1024 * 1024

// A typical skill tarball inflates in well under a millisecond: done in place, the thread-pool
// hand-off (and its wait behind other work) costs more than it saves. Big ones go to the pool.
const syncGunzipLimit = 256 * 1024

/**
 * The files of a published `.tgz` (whose integrity the caller verified), in memory: gunzipped
 * (on the thread pool when large), the tar parsed without touching the disk. Only the files of the version record
 * are returned, each checked for size and sha256; the skill sits at the archive root or in one
 * top-level folder, as the publish accepted. Links, devices and other special entries anywhere,
 * duplicate paths, a missing file or a digest mismatch are SERVE_LOAD_FAILED.
 */
export async function unpackVersionFiles(
  tgz: Uint8Array,
  version: VersionContent,
): Promise<LoadedFile[]> {
  let entries: TarEntry[]
  try {
    const tar =
      tgz.byteLength <= syncGunzipLimit
        ? gunzipSync(tgz, { maxOutputLength: maxTarBytes })
        : await gunzipAsync(tgz, { maxOutputLength: maxTarBytes })
    entries = [...readTarEntries(tar)]
  } catch (error) {
    throw loadFailed(version, 'the tarball cannot be read', error)
  }
  return compact(pickRecordedFiles(indexFiles(entries, version), version))
}

// The picked files are views into the whole tar (headers, padding, unrecorded entries): copied
// into one buffer of their own, so the cache holds, and counts, only the bytes it serves.
function compact(files: readonly LoadedFile[]): LoadedFile[] {
  const total = files.reduce((sum, file) => sum + file.bytes.byteLength, 0)
  const buffer = new Uint8Array(total)
  let offset = 0
  return files.map((file) => {
    buffer.set(file.bytes, offset)
    const bytes = buffer.subarray(offset, offset + file.bytes.byteLength)
    offset += file.bytes.byteLength
    return { ...file, bytes }
  })
}

/** Checks the record's files against `byPath` (archive paths -> bytes) and returns them. */
export function pickRecordedFiles(
  byPath: ReadonlyMap<string, Uint8Array>,
  version: VersionContent,
): LoadedFile[] {
  const prefix = skillRoot(byPath, version)
  return version.files.map((file) => {
    const bytes = byPath.get(prefix + file.path)
    if (bytes === undefined) throw loadFailed(version, `the tarball has no file ${file.path}`)
    if (bytes.byteLength !== file.size || sha256Hex(bytes) !== file.sha256) {
      throw loadFailed(version, `${file.path} does not match its published size and sha256`)
    }
    return { path: file.path, size: file.size, mode: file.mode, sha256: file.sha256, bytes }
  })
}

function indexFiles(
  entries: readonly TarEntry[],
  version: VersionContent,
): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>()
  for (const entry of entries) {
    const path = normalize(entry.path)
    if (entry.kind === 'directory') continue
    if (entry.kind !== 'file') {
      throw loadFailed(version, `the tarball holds ${path}, which is not a regular file`)
    }
    if (files.has(path)) throw loadFailed(version, `the tarball holds ${path} twice`)
    files.set(path, entry.data)
  }
  return files
}

// Archive names as tools write them: `./demo/SKILL.md`, `demo/`.
function normalize(path: string): string {
  let result = path
  while (result.startsWith('./')) result = result.slice(2)
  while (result.endsWith('/')) result = result.slice(0, -1)
  return result
}

// The archive root or the top-level folder holding the most recorded files (all of them, for a
// tarball that is what was published), so a missing file is reported by its own name.
function skillRoot(byPath: ReadonlyMap<string, Uint8Array>, version: VersionContent): string {
  const held = (prefix: string) => version.files.filter((f) => byPath.has(prefix + f.path)).length
  const candidates = new Set([''])
  for (const path of byPath.keys()) {
    const slash = path.indexOf('/')
    if (slash > 0) candidates.add(path.slice(0, slash + 1))
  }
  let best = ''
  let bestHeld = -1
  for (const prefix of candidates) {
    const count = held(prefix)
    if (count > bestHeld) {
      best = prefix
      bestHeld = count
    }
    if (count === version.files.length) break
  }
  return best
}
