/** One entry of a tar archive, as far as a skill loader cares. */
export type TarEntry =
  | { readonly kind: 'file'; readonly path: string; readonly bytes: Uint8Array }
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'other'; readonly path: string; readonly type: string }

const block = 512
const utf8 = new TextDecoder('utf-8', { fatal: false })

/** One header block and the data after it. */
interface RawEntry {
  readonly header: Uint8Array
  readonly type: string
  readonly data: Uint8Array
  /** Offset of the next header. */
  readonly next: number
}

/**
 * Parses an uncompressed tar archive held in memory (POSIX ustar, pax `x`/`g` records, GNU `L`/`K`
 * long names, as node-tar and other tools write them) and returns its entries in order. File bytes
 * are views into `tar`, never copies. Links, devices and other types come back as `other` for the
 * caller to refuse. Throws a plain Error for a truncated or malformed archive; checksums are not
 * verified, because callers verify the integrity of the whole archive first.
 */
export function readTarEntries(tar: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = []
  let offset = 0
  // Metadata records (pax `x`, GNU `L`) apply to the next real entry only.
  let pending: PendingMetadata = {}
  for (;;) {
    const raw = readRawEntry(tar, offset, pending.size)
    if (raw === undefined) return entries
    offset = raw.next
    if (isMetadata(raw.type)) {
      pending = withMetadata(pending, raw)
      continue
    }
    entries.push(toEntry(raw, normalize(pending.path ?? headerPath(raw.header))))
    pending = {}
  }
}

/** What pax and GNU records said about the next entry. */
interface PendingMetadata {
  readonly path?: string
  readonly size?: string
}

function isMetadata(type: string): boolean {
  return type === 'x' || type === 'g' || type === 'L' || type === 'K'
}

// Global pax records (`g`) and GNU long link names (`K`) name nothing a skill serves.
function withMetadata(pending: PendingMetadata, raw: RawEntry): PendingMetadata {
  if (raw.type === 'L') return { ...pending, path: cString(raw.data) }
  if (raw.type !== 'x') return pending
  const { path, size } = readPaxRecords(raw.data)
  return {
    ...pending,
    ...(path === undefined ? {} : { path }),
    ...(size === undefined ? {} : { size }),
  }
}

// The entry at `offset`, or undefined at the end-of-archive block.
function readRawEntry(
  tar: Uint8Array,
  offset: number,
  paxSize: string | undefined,
): RawEntry | undefined {
  if (offset + block > tar.length)
    throw new Error('tar archive ends without its end-of-archive blocks')
  const header = tar.subarray(offset, offset + block)
  if (header.every((byte) => byte === 0)) return undefined
  const type = String.fromCharCode(header[156] ?? 0)
  const size = paxSize === undefined || isMetadata(type) ? readSize(header) : Number(paxSize)
  const start = offset + block
  if (!Number.isSafeInteger(size) || size < 0 || start + size > tar.length) {
    throw new Error(`tar entry at byte ${offset} runs past the end of the archive`)
  }
  return {
    header,
    type,
    data: tar.subarray(start, start + size),
    next: start + Math.ceil(size / block) * block,
  }
}

function toEntry(raw: RawEntry, path: string): TarEntry {
  const { type } = raw
  if (type === '0' || type === '\0' || type === '7') return { kind: 'file', path, bytes: raw.data }
  if (type === '5') return { kind: 'directory', path }
  return { kind: 'other', path, type }
}

// ustar splits long names into a 155-byte prefix and a 100-byte name; GNU tar's own header
// ("ustar  ") has no prefix field there.
function headerPath(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100))
  const magic = cString(header.subarray(257, 263))
  if (magic !== 'ustar') return name
  const prefix = cString(header.subarray(345, 500))
  return prefix === '' ? name : `${prefix}/${name}`
}

// Octal, NUL- or space-terminated; or base-256 (high bit set) for sizes of 8 GiB and more.
function readSize(header: Uint8Array): number {
  const field = header.subarray(124, 136)
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f
    for (const byte of field.subarray(1)) value = value * 256 + byte
    return value
  }
  const text = cString(field).trim()
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text)) return Number.NaN
  return Number.parseInt(text, 8)
}

// "<length> <key>=<value>\n" records; the length counts the whole record, itself included.
function readPaxRecords(data: Uint8Array): Partial<Record<string, string>> {
  const records: Partial<Record<string, string>> = {}
  let offset = 0
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset)
    const length = space < 0 ? Number.NaN : Number(utf8.decode(data.subarray(offset, space)))
    if (!Number.isSafeInteger(length) || length <= 0 || offset + length > data.length) {
      throw new Error('malformed pax header record')
    }
    const record = utf8.decode(data.subarray(space + 1, offset + length - 1))
    const equals = record.indexOf('=')
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1)
    offset += length
  }
  return records
}

function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0)
  return utf8.decode(nul < 0 ? bytes : bytes.subarray(0, nul))
}

function normalize(path: string): string {
  let result = path
  while (result.startsWith('./')) result = result.slice(2)
  while (result.endsWith('/')) result = result.slice(0, -1)
  return result
}
