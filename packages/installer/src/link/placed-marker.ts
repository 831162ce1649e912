import { closeSync, constants, fstatSync, openSync, readSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import { parseJsonOrUndefined } from '../json/parse-json-or-undefined.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'

/**
 * The file skillship writes into every skill folder it places: what it placed there (skill name,
 * store integrity, and each file's path, size and SHA-256). It is not part of the skill: it is
 * never listed in a store entry, a lock entry or a skill digest, and verification of a placed
 * folder ignores it. A hidden name, so agents and `skillship lint` of the folder skip it.
 */
export const placedMarkerName = '.skillship-placed.json'

const markerKind = 'skillship-placed-skill'
// A marker lists one line per file of a skill (bounded by core's tree limits); anything bigger
// was not written by skillship.
const maxMarkerBytes = 4 * 1024 * 1024

/** What skillship placed in one folder. */
export interface PlacedMarker {
  readonly name: string
  readonly integrity: string
  readonly files: readonly Pick<LockedFile, 'path' | 'size' | 'sha256'>[]
}

/** Writes the marker into the folder `dir` being built (before it is renamed into place). */
export function writePlacedMarker(
  dir: string,
  marker: {
    readonly name: string
    readonly integrity: string
    readonly files: readonly LockedFile[]
  },
): void {
  const files = marker.files.map(({ path, size, sha256 }) => ({ path, size, sha256 }))
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
    const { path, size, sha256 } = file
    if (typeof path !== 'string' || typeof size !== 'number' || typeof sha256 !== 'string') {
      return undefined
    }
    listed.push({ path, size, sha256 })
  }
  return { name, integrity, files: listed }
}
