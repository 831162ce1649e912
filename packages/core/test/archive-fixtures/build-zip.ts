import { type ZipOptions, zipSync } from 'fflate'

/** One zip entry: content plus, optionally, a Unix st_mode stored as made on Unix. */
export interface RawZipEntry {
  readonly content?: Uint8Array | string
  /** Full st_mode including the type bits, e.g. `0o100755` or `0o120777` for a symlink. */
  readonly unixMode?: number
  /** Host system in "version made by"; 3 (Unix) when `unixMode` is set, else 0 (MS-DOS). */
  readonly os?: number
}

const encoder = new TextEncoder()

/** Builds a zip with fflate from names to entries; names are written as given (any bytes). */
export function rawZip(entries: Readonly<Record<string, RawZipEntry>>): Uint8Array {
  const files: Record<string, [Uint8Array, ZipOptions]> = {}
  for (const [name, entry] of Object.entries(entries)) {
    const content =
      typeof entry.content === 'string'
        ? encoder.encode(entry.content)
        : (entry.content ?? new Uint8Array())
    const os = entry.os ?? (entry.unixMode === undefined ? 0 : 3)
    const options: ZipOptions = { os, mtime: '2020-01-01T00:00:00Z', level: 6 }
    if (entry.unixMode !== undefined) options.attrs = (entry.unixMode << 16) >>> 0
    files[name] = [content, options]
  }
  return zipSync(files)
}

/**
 * Replaces every occurrence of `from` with `to` (same length) in the zip's name fields: the way
 * to store non-UTF-8 names (GBK) that fflate would otherwise encode as UTF-8. Names are not
 * covered by the CRC, so the zip stays valid.
 */
export function replaceNameBytes(zip: Uint8Array, from: string, to: Uint8Array): Uint8Array {
  const needle = encoder.encode(from)
  if (needle.length !== to.length) throw new Error('replacement must keep the length')
  const out = zip.slice()
  for (let index = 0; index <= out.length - needle.length; index++) {
    if (needle.every((byte, offset) => out[index + offset] === byte)) out.set(to, index)
  }
  return out
}
