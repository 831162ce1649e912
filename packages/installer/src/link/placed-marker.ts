import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  type Stats,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { parseJsonOrUndefined } from '../shared/helpers.js'
import { sealedMtimeMs } from '../store/store-seal.js'

/**
 * The file skillship writes into every skill folder it places: what it placed there (skill name,
 * store integrity, and each file's path, size and SHA-256, with the inode and ctime the file had
 * once sealed: see isSealedAsPlaced). It is not part of the skill: it is
 * never listed in a store entry, a lock entry or a skill digest, and verification of a placed
 * folder ignores it. A hidden name, so agents and `skillship lint` of the folder skip it.
 */
export const placedMarkerName = '.skillship-placed.json'

const markerKind = 'skillship-placed-skill'
// A marker lists one line per file of a skill (bounded by core's tree limits); anything bigger
// was not written by skillship.
const maxMarkerBytes = 4 * 1024 * 1024

/** A placed file's stats as skillship left it (after its seal). */
export interface PlacedFileStats {
  readonly ino: number
  readonly size: number
  readonly mtimeMs: number
  readonly ctimeMs: number
}

/** One file of a marker; `ino` and `ctimeMs` are absent in markers written before placement seals. */
export interface PlacedMarkerFile extends Pick<LockedFile, 'path' | 'size' | 'sha256'> {
  readonly ino?: number
  readonly ctimeMs?: number
}

/** What skillship placed in one folder. */
export interface PlacedMarker {
  readonly name: string
  readonly integrity: string
  readonly files: readonly PlacedMarkerFile[]
}

/**
 * Whether a placed file is, without reading it, the `expected` file skillship placed: the stat
 * fast path of every modified check. True only when all of these hold: the marker lists the
 * path with the expected SHA-256 (it vouches for that content, not an older version's); the file
 * is a regular file of the expected size; its mtime is still the placement seal (the store's
 * sealed mtime, 1980-01-01: any write to the file sets its mtime to the present, so no edit,
 * however fast after placing, keeps it); and its inode and ctime are those recorded when it was
 * placed (a file replaced by another, or given back the sealed mtime by `touch`, `cp -p` or
 * `rsync -t`, has a new ctime, which no program can set). Anything else is hashed against the lock.
 */
export function isSealedAsPlaced(
  stats: Pick<Stats, 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'> & { isFile(): boolean },
  expected: Pick<LockedFile, 'size' | 'sha256'>,
  recorded: PlacedMarkerFile | undefined,
): boolean {
  return (
    recorded !== undefined &&
    recorded.sha256 === expected.sha256 &&
    stats.isFile() &&
    stats.size === expected.size &&
    stats.mtimeMs === sealedMtimeMs &&
    stats.ino === recorded.ino &&
    stats.ctimeMs === recorded.ctimeMs
  )
}

/** Writes the marker into the folder `dir` being built (before it is renamed into place). */
export function writePlacedMarker(
  dir: string,
  marker: {
    readonly name: string
    readonly integrity: string
    readonly files: readonly LockedFile[]
    /** Each file's stats after its seal, by path. */
    readonly sealed: ReadonlyMap<string, PlacedFileStats>
  },
): void {
  const files = marker.files.map(({ path, size, sha256 }) => {
    const stats = marker.sealed.get(path)
    return stats === undefined
      ? { path, size, sha256 }
      : { path, size, sha256, ino: stats.ino, ctimeMs: stats.ctimeMs }
  })
  const text = JSON.stringify({
    kind: markerKind,
    name: marker.name,
    integrity: marker.integrity,
    files,
  })
  writeFileSync(join(dir, placedMarkerName), `${text}\n`, { flag: 'wx', mode: 0o644 })
}

/**
 * The marker in the folder `dir`, or undefined when there is none or it is not one skillship
 * wrote (not a regular file, too big, not JSON, wrong shape). Never follows a symlink at its name.
 */
export function readPlacedMarker(dir: string): PlacedMarker | undefined {
  const text = readSmallFile(join(dir, placedMarkerName))
  if (text === undefined) return undefined
  return asMarker(parseJsonOrUndefined(text))
}

function readSmallFile(path: string): string | undefined {
  let fd: number
  try {
    // O_NOFOLLOW: a link planted at the marker's name is not skillship's marker.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES'].includes(errnoCode(error) ?? '')) return undefined
    throw error
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile() || stats.size > maxMarkerBytes) return undefined
    const buffer = Buffer.alloc(stats.size)
    const read = readSync(fd, buffer, 0, stats.size, 0)
    return buffer.subarray(0, read).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

function asMarker(value: unknown): PlacedMarker | undefined {
  if (!isJsonRecord(value) || value['kind'] !== markerKind) return undefined
  const { name, integrity, files } = value
  if (typeof name !== 'string' || typeof integrity !== 'string' || !Array.isArray(files)) {
    return undefined
  }
  const listed: PlacedMarker['files'][number][] = []
  for (const file of files) {
    if (!isJsonRecord(file)) return undefined
    const { path, size, sha256, ino, ctimeMs } = file
    if (typeof path !== 'string' || typeof size !== 'number' || typeof sha256 !== 'string') {
      return undefined
    }
    const stats = typeof ino === 'number' && typeof ctimeMs === 'number' ? { ino, ctimeMs } : {}
    listed.push({ path, size, sha256, ...stats })
  }
  return { name, integrity, files: listed }
}
