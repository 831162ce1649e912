import { readFileSync } from 'node:fs'
import { gzipSync } from 'fflate'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import { checkEntryPath } from '../tree/check-entry-path.js'
import type { SkillFileMode } from '../tree/normalize-file-mode.js'
import type { SkillTree } from '../tree/walk-skill-tree.js'
import { computeIntegrity, sha256Hex } from './integrity.js'
import { type TarFileEntry, writeTar } from './write-tar.js'

/** One file as packed: its path inside the skill (without the prefix) and its content hash. */
export interface PackedFile {
  readonly path: string
  readonly size: number
  readonly mode: SkillFileMode
  /** Lowercase hex SHA-256 of the content. */
  readonly sha256: string
}

/** A packed skill: the `.tgz` bytes and what they hold. */
export interface PackedArchive {
  readonly tarball: Uint8Array
  /** SRI `sha512-...` of `tarball`. */
  readonly integrity: string
  /** Bytes of `tarball`. */
  readonly size: number
  /** Sum of the file sizes. */
  readonly unpackedSize: number
  /** In the tree's order (UTF-8 byte order of `path`). */
  readonly files: readonly PackedFile[]
}

export interface PackSkillTreeOptions {
  /** The single top-level folder every entry goes under: the skill name. */
  readonly prefix: string
}

/**
 * Gzip level of every tarball. Fixed forever: changing it changes every integrity hash.
 */
export const packGzipLevel = 6

/**
 * Packs the files of `tree` into a deterministic `.tgz`: entries `${prefix}/${path}` in the tree's
 * order, mode 0644/0755, no owners, mtime 0 (see `writeTar`), gzip with header mtime 0 and OS byte
 * 3 (Unix). The same content always gives the same bytes, whatever the files' mtimes, owners,
 * creation order or non-execute permission bits, so `integrity` identifies the content.
 *
 * File bytes are read now; a file that vanished since the walk throws `PathNotFound`. `prefix`
 * must be one safe path segment (`PathUnsafe`/`PathNotPortable` otherwise); a path that does not fit
 * a ustar header throws `PathTooLong`.
 */
export async function packSkillTree(
  tree: SkillTree,
  options: PackSkillTreeOptions,
): Promise<PackedArchive> {
  const prefix = checkPrefix(options.prefix)
  const entries: TarFileEntry[] = []
  const files: PackedFile[] = []
  let unpackedSize = 0
  for (const file of tree.files) {
    const content = readContent(file.absolutePath, file.path)
    entries.push({ path: `${prefix}/${file.path}`, mode: file.mode, content })
    files.push({
      path: file.path,
      size: content.length,
      mode: file.mode,
      sha256: sha256Hex(content),
    })
    unpackedSize += content.length
  }
  // fflate rather than node:zlib: Node's bundled zlib may be built with CPU-specific deflate
  // variants (zlib-ng, Chromium's SIMD zlib) whose output differs by machine and Node version;
  // pure JS deflate gives the same bytes everywhere, and so the same integrity hash.
  const tarball = gzipSync(writeTar(entries), { level: packGzipLevel, mtime: 0 })
  return {
    tarball,
    integrity: computeIntegrity(tarball),
    size: tarball.length,
    unpackedSize,
    files,
  }
}

function checkPrefix(prefix: string): string {
  const checked = checkEntryPath(prefix)
  if (checked !== prefix || checked.includes('/')) {
    throw new SkillshipError(
      SkillErrorCode.PathUnsafe,
      `Archive prefix must be one folder name, got ${JSON.stringify(prefix)}`,
      { path: prefix },
    )
  }
  return checked
}

function readContent(absolutePath: string, path: string): Uint8Array {
  try {
    return readFileSync(absolutePath)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new SkillshipError(
      SkillErrorCode.PathNotFound,
      `File disappeared while packing: ${path}`,
      {
        path,
        cause: error,
      },
    )
  }
}
