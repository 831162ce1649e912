import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import type { SkillFileMode } from '../tree/normalize-file-mode.js'

/** One regular file to write into a tar archive. */
export interface TarFileEntry {
  /** `/`-separated, relative, already checked (see `checkEntryPath`). */
  readonly path: string
  readonly mode: SkillFileMode
  readonly content: Uint8Array
}

/**
 * Modification time written for every entry: the Unix epoch, so the bytes never depend on when
 * or where a skill was packed.
 */
export const tarEntryMtime = 0

const block = 512
// Largest size an 11-digit octal field holds (8 GiB - 1).
const maxOctalSize = 0o77777777777
const utf8 = new TextEncoder()

/**
 * Writes a deterministic POSIX ustar archive holding `entries` in the given order: regular files
 * only (typeflag `0`), mode from the entry, uid/gid 0, empty owner names, mtime `tarEntryMtime`,
 * each body padded to 512 bytes, two zero blocks at the end. Names longer than 100 bytes are split
 * into the 155-byte prefix and 100-byte name fields at a `/`; `PathTooLong` when no split fits.
 * Pure: the same entries always give the same bytes.
 */
export function writeTar(entries: readonly TarFileEntry[]): Uint8Array {
  let total = 2 * block
  for (const entry of entries) total += block + padded(entry.content.length)
  const out = new Uint8Array(total)
  let offset = 0
  for (const entry of entries) {
    writeHeader(out, offset, entry)
    out.set(entry.content, offset + block)
    offset += block + padded(entry.content.length)
  }
  return out
}

function padded(size: number): number {
  return Math.ceil(size / block) * block
}

function writeHeader(out: Uint8Array, at: number, entry: TarFileEntry): void {
  if (entry.content.length > maxOctalSize) {
    throw new SkillshipError(SkillErrorCode.FileTooLarge, `File too large for tar: ${entry.path}`, {
      path: entry.path,
    })
  }
  const { prefix, name } = splitName(entry.path)
  out.set(name, at)
  writeOctal(out, at + 100, 8, entry.mode)
  writeOctal(out, at + 108, 8, 0)
  writeOctal(out, at + 116, 8, 0)
  writeOctal(out, at + 124, 12, entry.content.length)
  writeOctal(out, at + 136, 12, tarEntryMtime)
  out[at + 156] = 0x30 // typeflag '0': regular file
  out.set(utf8.encode('ustar\u000000'), at + 257)
  out.set(prefix, at + 345)
  // The checksum is summed with its own field read as eight spaces.
  out.fill(0x20, at + 148, at + 156)
  let sum = 0
  for (let index = at; index < at + block; index++) sum += out[index] ?? 0
  writeOctal(out, at + 148, 7, sum)
  out[at + 155] = 0x20
}

/** Writes `value` as zero-padded octal filling `width - 1` digits, then a NUL. */
function writeOctal(out: Uint8Array, at: number, width: number, value: number): void {
  const digits = value.toString(8).padStart(width - 1, '0')
  for (let index = 0; index < width - 1; index++) out[at + index] = digits.charCodeAt(index)
  out[at + width - 1] = 0
}

function splitName(path: string): { prefix: Uint8Array; name: Uint8Array } {
  const bytes = utf8.encode(path)
  if (bytes.length <= 100) return { prefix: new Uint8Array(0), name: bytes }
  for (let slash = bytes.indexOf(0x2f); slash !== -1; slash = bytes.indexOf(0x2f, slash + 1)) {
    const nameLength = bytes.length - slash - 1
    if (nameLength <= 100 && slash <= 155 && nameLength > 0) {
      return { prefix: bytes.subarray(0, slash), name: bytes.subarray(slash + 1) }
    }
    if (slash > 155) break
  }
  throw new SkillshipError(
    SkillErrorCode.PathTooLong,
    `Path does not fit a ustar header (155-byte folder + 100-byte name): ${path}`,
    { path, hint: 'Shorten the folder or file names.' },
  )
}
