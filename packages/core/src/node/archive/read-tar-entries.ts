import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'

/** What a tar entry is, as far as unpacking a skill cares. */
export type TarEntryKind = 'file' | 'directory' | 'link' | 'special' | 'unsupported'

/** One entry of a tar archive, with the pax and GNU records before it applied. */
export interface TarEntry {
  /** The pax `path`, the GNU long name, or the ustar prefix and name; raw and unchecked. */
  readonly path: string
  /** The typeflag, NUL read as `0`, and a `0` whose name ends in `/` as `5` (old tars did so). */
  readonly type: string
  readonly kind: TarEntryKind
  /** The header's permission bits (`0o7777`); 0 when the field is empty. */
  readonly mode: number
  /** The entry's bytes: a view into the archive, never a copy; empty for a folder. */
  readonly data: Uint8Array
}

const block = 512
// Pax and GNU long-name records: paths are at most 255 bytes, so 64 KiB is generous. A bigger
// record (macOS stores xattrs in pax records) is skipped, as node-tar does, its bytes still read.
const maxMetadataBytes = 64 * 1024
// Names must be UTF-8: a replacement character would stand for bytes nobody wrote (docs/errors.md).
const utf8 = new TextDecoder('utf-8', { fatal: true })
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false })
const ustarMagic = [0x75, 0x73, 0x74, 0x61, 0x72, 0x00, 0x30, 0x30] // "ustar\0" "00"
// The types that describe a filesystem entry: only these take the pending pax and GNU values.
const fsTypes = new Set(['0', '1', '2', '3', '4', '5', '6', '7', 'D'])

/** Values of pax and GNU records waiting for the entries they describe. */
interface Pending {
  path?: string | undefined
  linkpath?: string | undefined
  size?: number | undefined
}

/** The pax `x` and GNU records for the next entry, and the pax `g` records for every later one. */
interface Metadata {
  pending: Pending
  global: Pending
}

/**
 * Reads an uncompressed tar archive held in memory, lazily, so a caller can stop at its first
 * refusal: POSIX ustar, pax `x` records (for the next entry) and `g` records (their size, for every
 * later entry), GNU `L`/`K` long names, with node-tar's rules where tools differ (a folder has no
 * body, a lone zero block is skipped). Metadata records come back applied, never as entries.
 * The archive ends at two zero blocks, or one at the end of the data; what follows is ignored.
 * Throws `ArchiveInvalid` for a header whose checksum does not match, an entry running past the
 * end, a missing end block, an unreadable number or pax record, a nameless entry, a link without
 * a target, or a target on anything but a link; `PathUnsafe` for a name or link target that is not
 * UTF-8 (ustar, GNU or pax) or a pax name holding a NUL, which tools would cut short.
 */
export function* readTarEntries(tar: Uint8Array): Generator<TarEntry, void, undefined> {
  const metadata: Metadata = { pending: {}, global: {} }
  let offset = 0
  for (;;) {
    const start = offset + block
    if (start > tar.length) throw malformed('it ends without an end-of-archive block')
    if (isZeroBlock(tar, offset)) {
      if (start + block > tar.length || isZeroBlock(tar, start)) return
      offset = start
      continue
    }
    const record = readRecord(tar, offset, metadata)
    offset = record.next
    if (record.entry !== undefined) yield record.entry
  }
}

/** Reads the header at `at` and its data: an entry, or a metadata record folded into `metadata`. */
function readRecord(
  tar: Uint8Array,
  at: number,
  metadata: Metadata,
): { readonly next: number; readonly entry?: TarEntry } {
  const header = tar.subarray(at, at + block)
  verifyChecksum(header, at)
  const type = typeflag(header)
  const own: Pending = fsTypes.has(type) ? metadata.pending : {}
  const name = own.path ?? cString(header.subarray(0, 100))
  const path = own.path ?? headerPath(header, name)
  if (path === '') throw malformed(`the header at byte ${at} has no name`)
  checkLinkTarget(type, own.linkpath ?? cString(header.subarray(157, 257)), at)
  const directory = type === '5' || (type === '0' && name.endsWith('/'))
  const size = directory ? 0 : (own.size ?? globalSize(type, metadata) ?? headerSize(header, at))
  const start = at + block
  const next = start + Math.ceil(size / block) * block
  if (next > tar.length) throw malformed(`the entry at byte ${at} runs past the end`)
  const data = tar.subarray(start, start + size)
  if (isMetadata(type)) {
    if (size <= maxMetadataBytes) fold(metadata, type, data)
    return { next }
  }
  metadata.pending = {}
  const entryType = directory ? '5' : type
  const mode = (readNumber(header, 100, 8, at) ?? 0) & 0o7777
  return { next, entry: { path, type: entryType, kind: kindOf(entryType), mode, data } }
}

function globalSize(type: string, metadata: Metadata): number | undefined {
  return fsTypes.has(type) ? metadata.global.size : undefined
}

function headerSize(header: Uint8Array, at: number): number {
  return readNumber(header, 124, 12, at) ?? 0
}

function kindOf(type: string): TarEntryKind {
  switch (type) {
    case '0':
    case '7':
      return 'file'
    case '5':
    case 'D':
      return 'directory'
    case '1':
    case '2':
      return 'link'
    case '3':
    case '4':
    case '6':
      return 'special'
    default:
      return 'unsupported'
  }
}

function isMetadata(type: string): boolean {
  return (
    type === 'x' || type === 'X' || type === 'g' || type === 'L' || type === 'N' || type === 'K'
  )
}

function fold(metadata: Metadata, type: string, data: Uint8Array): void {
  const { pending, global } = metadata
  if (type === 'L' || type === 'N') metadata.pending = { ...pending, path: cString(data) }
  else if (type === 'K') metadata.pending = { ...pending, linkpath: cString(data) }
  else if (type !== 'g') metadata.pending = { ...pending, ...readPaxRecords(data) }
  else {
    // A global record never names a path or a link target: each entry names its own.
    const records = readPaxRecords(data)
    if ('size' in records) metadata.global = { ...global, size: records.size }
  }
}

function typeflag(header: Uint8Array): string {
  const code = header[156] ?? 0
  return code === 0 ? '0' : String.fromCharCode(code)
}

// A link needs a target; anything else but a pax record may not name one (node-tar's rule).
function checkLinkTarget(type: string, target: string, at: number): void {
  if (type === 'x' || type === 'g') return
  const link = type === '1' || type === '2'
  if (link && target === '') throw malformed(`the link at byte ${at} has no target`)
  if (!link && target !== '') throw malformed(`the entry at byte ${at} names a link target`)
}

// ustar splits long names into a 155-byte prefix and a 100-byte name; GNU tar's own header
// ("ustar  \0") has no prefix field there.
function headerPath(header: Uint8Array, name: string): string {
  for (let index = 0; index < ustarMagic.length; index++) {
    if (header[257 + index] !== ustarMagic[index]) return name
  }
  const prefix = cString(header.subarray(345, 500))
  return prefix === '' ? name : `${prefix}/${name}`
}

// The checksum is the unsigned sum of the header bytes with its own field read as eight spaces.
function verifyChecksum(header: Uint8Array, at: number): void {
  let sum = 8 * 0x20
  for (let index = 0; index < 148; index++) sum += header[index] ?? 0
  for (let index = 156; index < block; index++) sum += header[index] ?? 0
  if (readNumber(header, 148, 8, at) !== sum) {
    throw malformed(`the header at byte ${at} fails its checksum`)
  }
}

function isZeroBlock(tar: Uint8Array, at: number): boolean {
  for (let index = at; index < at + block; index++) if (tar[index] !== 0) return false
  return true
}

/**
 * The number in `header[start, start + length)`: octal digits after optional spaces, ended by the
 * field, a NUL or a space (`undefined` when there are none); or base-256 after a 0x80 byte, as GNU
 * tar writes sizes of 8 GiB and more. Negative base-256 values (0xff) mean nothing here.
 */
function readNumber(
  header: Uint8Array,
  start: number,
  length: number,
  at: number,
): number | undefined {
  const end = start + length
  if (header[start] === 0x80) {
    let value = 0
    for (let index = start + 1; index < end; index++) value = value * 256 + (header[index] ?? 0)
    if (!Number.isSafeInteger(value)) throw malformed(`the header at byte ${at} overflows`)
    return value
  }
  let index = start
  while (index < end && header[index] === 0x20) index++
  const first = index
  let value = 0
  for (; index < end && isOctalDigit(header[index]); index++) {
    value = value * 8 + (header[index] ?? 0) - 0x30
  }
  if (index < end && header[index] !== 0 && header[index] !== 0x20) {
    throw malformed(`the header at byte ${at} holds an unreadable number`)
  }
  return index === first ? undefined : value
}

function isOctalDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x37
}

// "<length> <key>=<value>\n" records, the length counting the whole record in bytes; NULs after
// the last record are padding. An empty value unsets the key, as POSIX says. node-tar cuts a path
// at its first NUL; here such a path is refused. Other values may be binary (xattrs): only the
// values read are decoded.
function readPaxRecords(data: Uint8Array): Pending {
  const records: Pending = {}
  let offset = 0
  while (offset < data.length && data[offset] !== 0) {
    const { key, value, end } = readPaxRecord(data, offset)
    if (key === 'path' || key === 'linkpath') records[key] = orUnset(paxName(value))
    if (key === 'size') records.size = value.length === 0 ? undefined : paxSize(value)
    offset = end
  }
  if (data.subarray(offset).some((byte) => byte !== 0)) throw malformed('a pax record is malformed')
  return records
}

function readPaxRecord(
  data: Uint8Array,
  offset: number,
): { readonly key: string; readonly value: Uint8Array; readonly end: number } {
  const space = data.indexOf(0x20, offset)
  const digits = space < 0 ? '' : lossyUtf8.decode(data.subarray(offset, space))
  const end = /^[0-9]+$/.test(digits) ? offset + Number(digits) : Number.NaN
  if (!(end <= data.length && end > space + 1 && data[end - 1] === 0x0a)) {
    throw malformed('a pax record is malformed')
  }
  const record = data.subarray(space + 1, end - 1)
  const equals = record.indexOf(0x3d)
  if (equals < 1) throw malformed('a pax record is malformed')
  return {
    key: lossyUtf8.decode(record.subarray(0, equals)),
    value: record.subarray(equals + 1),
    end,
  }
}

function paxName(value: Uint8Array): string {
  if (value.includes(0)) throw unsafeName(value, 'a pax name holds a NUL')
  return decodeName(value)
}

function orUnset(value: string | undefined): string | undefined {
  return value === '' ? undefined : value
}

function paxSize(bytes: Uint8Array): number {
  const value = lossyUtf8.decode(bytes)
  const size = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(size)) throw malformed(`a pax size is not a byte count: ${value}`)
  return size
}

// A header field (or GNU long name) ends at its first NUL, as every tar reader agrees.
function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0)
  return decodeName(nul < 0 ? bytes : bytes.subarray(0, nul))
}

function decodeName(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw unsafeName(bytes, 'a name is not UTF-8')
  }
}

function unsafeName(bytes: Uint8Array, reason: string): SkillshipError {
  const shown = JSON.stringify(lossyUtf8.decode(bytes).replaceAll('\0', '\\0'))
  return new SkillshipError(SkillErrorCode.PathUnsafe, `Unsafe path ${shown}: ${reason}`, {
    path: shown,
    hint: 'Pack the skill again with UTF-8 file names (any current tar or `skillship pack` does).',
  })
}

function malformed(reason: string): SkillshipError {
  return new SkillshipError(
    SkillErrorCode.ArchiveInvalid,
    `The tar archive is corrupt or truncated: ${reason}`,
    { hint: 'Download or pack the archive again.' },
  )
}
