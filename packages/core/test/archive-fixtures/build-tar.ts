import { gzipSync } from 'node:zlib'

/** One raw tar entry; every field can be set to what an attacker would write. */
export interface RawTarEntry {
  /** A string is written as UTF-8; bytes as given (a Latin-1 name, say). */
  readonly name: string | Uint8Array
  /** Typeflag: '0' file, '1' hard link, '2' symlink, '3' char device, '5' folder, '6' FIFO, ... */
  readonly type?: string
  readonly mode?: number
  readonly content?: Uint8Array | string
  readonly linkname?: string | Uint8Array
  readonly prefix?: string | Uint8Array
  /** Size written in the header when it should differ from the content length. */
  readonly size?: number
  /** Leave the checksum wrong. */
  readonly badChecksum?: boolean
}

const encoder = new TextEncoder()

function field(out: Uint8Array, at: number, length: number, value: string | Uint8Array): void {
  const bytes = typeof value === 'string' ? encoder.encode(value) : value
  out.set(bytes.subarray(0, length), at)
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`
}

/** Encodes one entry (header block + content padded to 512 bytes), with no validation at all. */
export function rawTarEntry(entry: RawTarEntry): Uint8Array {
  const content =
    typeof entry.content === 'string'
      ? encoder.encode(entry.content)
      : (entry.content ?? new Uint8Array())
  const header = new Uint8Array(512)
  field(header, 0, 100, entry.name)
  field(header, 100, 8, octal(entry.mode ?? 0o644, 8))
  field(header, 108, 8, octal(0, 8))
  field(header, 116, 8, octal(0, 8))
  field(header, 124, 12, octal(entry.size ?? content.length, 12))
  field(header, 136, 12, octal(1_700_000_000, 12))
  field(header, 156, 1, entry.type ?? '0')
  field(header, 157, 100, entry.linkname ?? '')
  field(header, 257, 8, 'ustar\u000000')
  field(header, 345, 155, entry.prefix ?? '')
  header.fill(0x20, 148, 156)
  let sum = 0
  for (const byte of header) sum += byte
  field(header, 148, 8, `${octal(entry.badChecksum === true ? sum + 1 : sum, 7)} `)
  const body = new Uint8Array(Math.ceil(content.length / 512) * 512)
  body.set(content)
  return concat([header, body])
}

/** A tar archive of raw entries followed by the two zero end blocks (and optional trailing bytes). */
export function rawTar(
  entries: readonly RawTarEntry[],
  trailing: Uint8Array = new Uint8Array(),
): Uint8Array {
  return concat([...entries.map(rawTarEntry), new Uint8Array(1024), trailing])
}

/** `rawTar` gzipped. */
export function rawTgz(
  entries: readonly RawTarEntry[],
  trailing: Uint8Array = new Uint8Array(),
): Uint8Array {
  return gzipSync(rawTar(entries, trailing))
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
